// What the client can do on the link page besides granting and declining: send the request to
// the colleague who is the Hotjar admin, and tell the agency the steps look different.
import { recordEvent, type RequestMeta } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";
import { enqueueEmail } from "~/modules/email/outbox.server";

import { canBeForwarded, MAX_FORWARDS_PER_LINK, parseForwards } from "./forwards";
import { resolveLink } from "./link-page.server";
import { linkTransition } from "./link-state";
import { verifyToken } from "./link-url.server";

export type ClientHelpResult =
  | { ok: true }
  | { ok: false; kind: "invalid" }
  | { ok: false; kind: "refused"; reason: "closed" | "tooManyForwards" | "intakeLink"; message: string };

export type ForwardInput = { colleagueEmail: string; colleagueName: string | null; fromName: string | null; note: string | null };

/**
 * Sends the same link (no new token) to a colleague, records who it went to on the link and on
 * its timeline, and queues the email in the same transaction. Only while the link can still be
 * completed: forwarding a closed request would only show the colleague "expired". Never on a link
 * made through an intake link: anyone can make those, so forwarding would let anyone send our
 * email with their own note to strangers (docs/decisions/055).
 */
export async function forwardLink(token: string, input: ForwardInput, meta: RequestMeta, now = new Date()): Promise<ClientHelpResult> {
  if (!verifyToken(token)) return { ok: false, kind: "invalid" };
  return db.$transaction(async (tx) => {
    const resolved = await resolveLink(token, tx);
    if (!resolved) return { ok: false, kind: "invalid" };
    const { link } = resolved;
    const t = linkTransition(link, "complete", now);
    if (!t.ok) return { ok: false, kind: "refused", reason: "closed", message: t.reason };
    const current = await tx.onboardingLink.findUniqueOrThrow({
      where: { id: link.id },
      select: { forwardedTo: true, intakeLinkId: true },
    });
    if (!canBeForwarded(current)) {
      return { ok: false, kind: "refused", reason: "intakeLink", message: "This request cannot be forwarded." };
    }
    const forwards = parseForwards(current.forwardedTo);
    if (forwards.length >= MAX_FORWARDS_PER_LINK) {
      return {
        ok: false,
        kind: "refused",
        reason: "tooManyForwards",
        message: `This request was already sent to ${MAX_FORWARDS_PER_LINK} people.`,
      };
    }
    const next = [...forwards, { email: input.colleagueEmail, name: input.colleagueName, at: now.toISOString() }];
    // Conditional on the list read above: two forwards at once cannot both pass the cap.
    const updated = await tx.onboardingLink.updateMany({
      where: { id: link.id, tokenVersion: link.tokenVersion, forwardedTo: current.forwardedTo },
      data: { forwardedTo: JSON.stringify(next) },
    });
    if (updated.count !== 1) return { ok: false, kind: "refused", reason: "closed", message: "Please try again." };
    await recordEvent(tx, {
      agencyId: link.agencyId,
      actor: { type: "client", label: input.fromName ?? undefined },
      type: "link.forwarded",
      linkId: link.id,
      clientId: link.clientId,
      request: meta,
      details: { to: input.colleagueEmail, name: input.colleagueName },
    });
    await enqueueEmail(tx, {
      agencyId: link.agencyId,
      to: input.colleagueEmail,
      payload: {
        template: "link-forwarded",
        linkId: link.id,
        colleagueName: input.colleagueName,
        fromName: input.fromName,
        note: input.note,
      },
    });
    return { ok: true };
  });
}

/** "Something looks different?": the client's words go on the link's timeline for the agency. */
export async function reportStepsDifferent(token: string, text: string, meta: RequestMeta): Promise<ClientHelpResult> {
  if (!verifyToken(token)) return { ok: false, kind: "invalid" };
  const resolved = await resolveLink(token);
  if (!resolved) return { ok: false, kind: "invalid" };
  const { link } = resolved;
  await recordEvent(db, {
    agencyId: link.agencyId,
    actor: { type: "client" },
    type: "link.steps_reported",
    linkId: link.id,
    clientId: link.clientId,
    request: meta,
    details: { text },
  });
  return { ok: true };
}
