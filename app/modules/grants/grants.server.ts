import { type Actor, recordEvent } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { AppError, notFound } from "~/modules/http/errors";

import { effectiveGrantStatus, type GrantAction, grantGuard, grantTransition } from "./grant-state";

export function withEffectiveStatus<T extends { status: string; invitedAt: Date }>(grant: T, now = new Date()) {
  return { ...grant, effectiveStatus: effectiveGrantStatus(grant, now) };
}

export async function listClientGrants(agencyId: string, clientId: string, now = new Date()) {
  const grants = await db.grant.findMany({
    where: { agencyId, clientId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
  });
  return grants.map((g) => withEffectiveStatus(g, now));
}

const EVENT_TYPE: Record<GrantAction, string> = { verify: "grant.verified", revoke: "grant.revoked" };

/**
 * Verify ("we can see the site") or revoke a grant of the agency, through the grant state
 * machine and one conditional update.
 */
export async function changeGrant(agencyId: string, grantId: string, action: GrantAction, actor: Actor, now = new Date()) {
  return db.$transaction(async (tx) => {
    const grant = await tx.grant.findFirst({ where: { id: grantId, agencyId } });
    if (!grant) throw notFound("Grant");
    const t = grantTransition(grant, action, now);
    if (!t.ok) throw new AppError(409, t.reason);
    const result = await tx.grant.updateMany({
      where: { id: grant.id, agencyId, status: { in: grantGuard(action).from } },
      data: action === "verify" ? { status: t.to, verifiedAt: now } : { status: t.to, revokedAt: now },
    });
    if (result.count !== 1) throw new AppError(409, "The grant changed meanwhile: reload and try again.");
    await recordEvent(tx, {
      agencyId,
      actor,
      type: EVENT_TYPE[action],
      linkId: grant.linkId,
      clientId: grant.clientId,
      grantId: grant.id,
      details: { hotjarSiteId: grant.hotjarSiteId },
    });
    if (action === "revoke") {
      // Ending access: the client gets Hotjar's exact removal steps (the portal cannot remove us).
      await enqueueEmail(tx, {
        agencyId,
        to: grant.grantedByEmail,
        payload: { template: "access-ended", linkId: grant.linkId, grantId: grant.id },
      });
    }
    return { ...grant, status: t.to };
  });
}
