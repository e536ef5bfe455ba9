// The client's "I've sent the invitation", the common case, in direct statements (docs/decisions/026):
// one read of the link with everything the completion needs, the conditional update, the grants,
// the audit event and the agency's emails, in one transaction. The rows are the ones Prisma's
// path writes (eventRow, emailRow, agencyNotifications). When the link is not completable this
// instant (already completed, declined, expired, a race lost), it writes nothing and answers
// null: `completeLink` then explains the refusal through Prisma, as before.
import { addDays } from "date-fns";
import { eventRow, type RequestMeta } from "~/modules/audit/events.server";
import { sql } from "~/modules/db/db.server";
import { newId, type DirectRow } from "~/modules/db/direct-sql.server";
import { agencyNotifications } from "~/modules/email/notifications.server";
import { emailRow } from "~/modules/email/outbox.server";
import { linkGuard } from "./link-state";
import { siteIdsError, toView, type LinkRow } from "./link-view.server";
import { parseRequestedSites } from "./requested-sites";
import type { VerifiedLinkToken } from "./token.server";
import type { ClientActionResult } from "./link-page.server";

const LINK_FOR_COMPLETION = `
SELECT l."id", l."agencyId", l."clientId", l."status", l."expiresAt", l."tokenVersion", l."role", l."requestedSites",
       l."clientPicksSite", l."granteeEmail", l."reason", l."accessEndsAt", l."completedAt", l."declinedAt", l."revokedAt",
       l."newLinkRequestedAt", l."firstOpenedAt", l."updatedAt",
       a."name" AS "agencyName", a."logoUrl" AS "agencyLogoUrl", a."accentColor" AS "agencyAccentColor",
       a."updatedAt" AS "agencyUpdatedAt", a."reviewIntervalDays", a."notificationEmail",
       u."name" AS "creatorName", u."email" AS "creatorEmail", u."updatedAt" AS "creatorUpdatedAt",
       c."name" AS "clientName", c."hotjarOrganizationId", c."updatedAt" AS "clientUpdatedAt"
FROM "OnboardingLink" l
JOIN "Agency" a ON a."id" = l."agencyId"
JOIN "User" u ON u."id" = l."createdById"
JOIN "Client" c ON c."id" = l."clientId"
WHERE l."id" = ?`;

const date = (value: unknown) => new Date(value as string);
const dateOrNull = (value: unknown) => (value === null || value === undefined ? null : date(value));
const text = (value: unknown) => value as string;
const textOrNull = (value: unknown) => (value === null || value === undefined ? null : String(value));

/** The row as Prisma's viewSelect would give it (an open link has no grants yet). */
function linkRow(row: DirectRow): LinkRow {
  return {
    id: text(row.id), agencyId: text(row.agencyId), clientId: text(row.clientId), status: text(row.status),
    expiresAt: date(row.expiresAt), tokenVersion: Number(row.tokenVersion), role: text(row.role),
    requestedSites: text(row.requestedSites),
    // SQLite gives 0/1, PostgreSQL a boolean.
    clientPicksSite: row.clientPicksSite === true || Number(row.clientPicksSite) === 1,
    granteeEmail: text(row.granteeEmail), reason: text(row.reason), accessEndsAt: dateOrNull(row.accessEndsAt),
    completedAt: dateOrNull(row.completedAt), declinedAt: dateOrNull(row.declinedAt), revokedAt: dateOrNull(row.revokedAt),
    newLinkRequestedAt: dateOrNull(row.newLinkRequestedAt), firstOpenedAt: dateOrNull(row.firstOpenedAt), updatedAt: date(row.updatedAt),
    agency: { name: text(row.agencyName), logoUrl: textOrNull(row.agencyLogoUrl), accentColor: textOrNull(row.agencyAccentColor), updatedAt: date(row.agencyUpdatedAt) },
    createdBy: { name: text(row.creatorName), updatedAt: date(row.creatorUpdatedAt) },
    client: { name: text(row.clientName), hotjarOrganizationId: textOrNull(row.hotjarOrganizationId), updatedAt: date(row.clientUpdatedAt) },
    grants: [],
  };
}

/**
 * Completes the link when it can be completed now: the result, or null (nothing written) when
 * the link is no longer completable and the caller must explain why.
 */
export async function completeLinkDirect(
  claims: VerifiedLinkToken,
  input: { clientName: string; clientEmail: string; siteIds: string[] },
  meta: RequestMeta,
  now: Date,
): Promise<ClientActionResult | null> {
  return sql.transaction(async (tx) => {
    const [row] = await tx.query(LINK_FOR_COMPLETION, [claims.linkId]);
    if (!row) return { ok: false, kind: "invalid" } as const;
    const link = linkRow(row);
    // As resolveLink: the database decides whether the token is still the link's.
    if (link.tokenVersion !== claims.version || link.expiresAt.getTime() !== claims.expiresAt.getTime()) return { ok: false, kind: "invalid" } as const;
    const siteError = siteIdsError(link, input.siteIds);
    if (siteError) return { ok: false, kind: "field", field: "siteIds", message: siteError } as const;

    const from = linkGuard("complete").from;
    const updated = await tx.execute(
      `UPDATE "OnboardingLink" SET "status" = 'COMPLETED', "completedAt" = ?, "updatedAt" = ?
       WHERE "id" = ? AND "tokenVersion" = ? AND "status" IN (${from.map(() => "?").join(", ")}) AND "expiresAt" >= ?`,
      [now, now, link.id, link.tokenVersion, ...from, now],
    );
    if (updated !== 1) return null;

    // Every grant gets a review date: the access end date when set, else the agency's interval.
    const reviewAt = link.accessEndsAt ?? addDays(now, Number(row.reviewIntervalDays));
    const requested = parseRequestedSites(link.requestedSites);
    const grants = input.siteIds.map((hotjarSiteId) => {
      const site = requested.find((s) => s.hotjarSiteId === hotjarSiteId);
      return {
        id: newId(now.getTime()), agencyId: link.agencyId, linkId: link.id, clientId: link.clientId, hotjarSiteId,
        siteName: site?.name ?? null, siteUrl: site?.url ?? null, role: link.role,
        granteeEmail: link.granteeEmail, grantedByName: input.clientName, grantedByEmail: input.clientEmail,
        status: "INVITED", invitedAt: now, reviewAt, createdAt: now, updatedAt: now,
      };
    });
    await tx.insert("Grant", grants);
    const event = eventRow({
      agencyId: link.agencyId, actor: { type: "client", label: `${input.clientName} <${input.clientEmail}>` },
      type: "link.completed", linkId: link.id, clientId: link.clientId, request: meta,
      details: { sites: input.siteIds, role: link.role },
    });
    await tx.insert("Event", [{ id: newId(now.getTime()), ...event, createdAt: now }]);
    const emails = agencyNotifications(link, "link-completed", { creator: text(row.creatorEmail), agency: textOrNull(row.notificationEmail) });
    await tx.insert(
      "OutboundEmail",
      emails.map((job) => ({ id: newId(now.getTime()), ...emailRow(job), nextAttemptAt: now, createdAt: now, updatedAt: now })),
    );
    // The page after completion, from what was just written (no second read of the link).
    return { ok: true, view: toView({ ...link, status: "COMPLETED", completedAt: now, grants }, now) } as const;
  });
}
