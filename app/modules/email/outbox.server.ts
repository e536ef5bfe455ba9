import type { Prisma } from "@prisma/client";

import type { AgencyNotificationKind, ClientReminderKind, EmailTemplateName } from "../../../emails/types";

export type EmailPayload =
  | { template: "staff-invitation"; invitationId: string }
  | { template: "access-ended"; linkId: string; grantId: string }
  | { template: "review-notice"; kind: "digest" }
  | { template: "review-notice"; kind: "access-ending"; linkId: string; grantId: string }
  | { template: "link-invitation"; linkId: string }
  // "I'm not the Hotjar admin": the same link, sent by the client to a colleague (app/modules/links/forward.server.ts).
  | { template: "link-forwarded"; linkId: string; colleagueName: string | null; fromName: string | null; note: string | null }
  | { template: "client-reminder"; kind: ClientReminderKind; linkId: string; grantId?: string }
  | { template: "agency-notification"; kind: AgencyNotificationKind; linkId: string }
  // Staff account emails (docs/decisions/046): the token is signed again from its row at send time.
  | { template: "password-reset"; accountTokenId: string }
  | { template: "verify-email"; accountTokenId: string }
  | { template: "email-changed"; oldEmail: string; newEmail: string }
  // A webhook endpoint switched off after repeated failures (app/modules/webhooks/auto-disable.server.ts).
  | { template: "webhook-disabled"; endpointId: string };

export type EmailJob = {
  agencyId: string;
  to: string;
  payload: EmailPayload;
  /** A reminder's identity: a second job with the same key is skipped ("at most once"). */
  dedupeKey?: string;
};

/**
 * Writes one email to the outbox inside the caller's transaction: it is sent only if the
 * change that caused it commits, and the worker delivers it later. Never sends anything.
 * Returns false when a job with the same dedupe key exists.
 */
export async function enqueueEmail(tx: Prisma.TransactionClient, job: EmailJob): Promise<boolean> {
  if (job.dedupeKey) {
    const existing = await tx.outboundEmail.findUnique({ where: { dedupeKey: job.dedupeKey }, select: { id: true } });
    if (existing) return false;
  }
  await tx.outboundEmail.create({ data: emailRow(job) });
  return true;
}

/** The job's row as stored (without id, dates and delivery state): for Prisma here, and for direct statements. */
export function emailRow(job: EmailJob) {
  const { template, ...payload } = job.payload;
  return {
    agencyId: job.agencyId,
    to: job.to,
    template: template satisfies EmailTemplateName,
    payload: JSON.stringify(payload),
    linkId: "linkId" in job.payload ? job.payload.linkId : null,
    grantId: "grantId" in job.payload ? (job.payload.grantId ?? null) : null,
    dedupeKey: job.dedupeKey ?? null,
  };
}
