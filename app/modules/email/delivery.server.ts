import { randomUUID } from "node:crypto";

import type { OutboundEmail } from "@prisma/client";

import { db } from "~/modules/db/db.server";
import { getEnv } from "~/modules/env/env.server";

import { composeEmail } from "./compose.server";
import { LEASE_MS, MAX_ATTEMPTS, retryDelayMs } from "./retry-policy";
import type { EmailTransport, SendResult } from "./transports.server";

/** Error text is kept for staff; a link URL in it would be a token stored in clear. */
export function scrubSecrets(text: string): string {
  return text
    .replace(/\/l\/[A-Za-z0-9._~-]+/g, "/l/[token]")
    .replace(/re_[A-Za-z0-9_]{8,}/g, "re_[key]")
    .slice(0, 500);
}

/**
 * Claims up to `limit` due emails: queued ones whose time has come, and sending ones whose
 * lease ran out (a worker died mid-send). Each claim is one conditional update, so of several
 * workers exactly one wins each row.
 */
export async function claimDueEmails(now: Date, limit = 20): Promise<OutboundEmail[]> {
  for (;;) {
    const candidates = await db.outboundEmail.findMany({
      where: {
        OR: [
          { status: "QUEUED", nextAttemptAt: { lte: now } },
          { status: "SENDING", leaseExpiresAt: { lt: now } },
        ],
      },
      orderBy: { nextAttemptAt: "asc" },
      take: limit,
    });
    if (candidates.length === 0) return [];
    const claimed: OutboundEmail[] = [];
    for (const candidate of candidates) {
      const claimToken = randomUUID();
      const leaseExpiresAt = new Date(now.getTime() + LEASE_MS);
      const result = await db.outboundEmail.updateMany({
        where: { id: candidate.id, status: candidate.status, claimToken: candidate.claimToken, attempts: candidate.attempts },
        data: { status: "SENDING", claimToken, leaseExpiresAt, attempts: { increment: 1 } },
      });
      if (result.count === 1) {
        claimed.push({ ...candidate, status: "SENDING", claimToken, leaseExpiresAt, attempts: candidate.attempts + 1 });
      }
    }
    // Every candidate was taken by another worker meanwhile: more may be due, so look again
    // (an empty answer means "nothing due", and runWorkerCycle stops on it).
    if (claimed.length > 0) return claimed;
  }
}

export type DeliveryOutcome = "sent" | "retry" | "failed" | "cancelled" | "lost-claim";

/** Sends one claimed email and records the outcome, only if the claim is still ours. */
export async function deliverClaimed(row: OutboundEmail, transport: EmailTransport, now: Date): Promise<DeliveryOutcome> {
  const mine = { id: row.id, claimToken: row.claimToken, status: "SENDING" };
  let composed;
  try {
    composed = await composeEmail(row, now, transport.name);
  } catch (error) {
    composed = { ok: false as const, reason: `could not render: ${(error as Error).message}` };
  }
  if (!composed.ok) {
    const r = await db.outboundEmail.updateMany({
      where: mine,
      data: { status: "CANCELLED", lastError: scrubSecrets(composed.reason), leaseExpiresAt: null },
    });
    return r.count === 1 ? "cancelled" : "lost-claim";
  }
  let result: SendResult;
  try {
    result = await transport.send({
      outboundEmailId: row.id,
      agencyId: row.agencyId,
      from: getEnv().EMAIL_FROM,
      to: row.to,
      ...composed.email,
      idempotencyKey: `outbound-email-${row.id}`,
      readers: composed.readers,
    });
  } catch (error) {
    // A transport that throws (the local mailbox on a database error, say) is a failure to
    // retry like any other: not a crashed cycle that leaves the row claimed and logs the error.
    result = { ok: false, retryable: true, error: `send failed: ${(error as Error).message}` };
  }
  if (result.ok) {
    // When the provider answered, not when the cycle began: a slow provider shows in the time.
    const r = await db.outboundEmail.updateMany({
      where: mine,
      data: { status: "SENT", providerId: result.providerId, sentAt: new Date(), lastError: null, leaseExpiresAt: null },
    });
    return r.count === 1 ? "sent" : "lost-claim";
  }
  const giveUp = !result.retryable || row.attempts >= MAX_ATTEMPTS;
  const r = await db.outboundEmail.updateMany({
    where: mine,
    data: giveUp
      ? { status: "FAILED", lastError: scrubSecrets(result.error), leaseExpiresAt: null }
      : {
          status: "QUEUED",
          lastError: scrubSecrets(result.error),
          leaseExpiresAt: null,
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(row.attempts)),
        },
  });
  if (r.count !== 1) return "lost-claim";
  return giveUp ? "failed" : "retry";
}

/** One pass over what is due now; returns the outcomes. */
export async function deliverDue(transport: EmailTransport, now: Date, limit = 20): Promise<DeliveryOutcome[]> {
  const claimed = await claimDueEmails(now, limit);
  const outcomes: DeliveryOutcome[] = [];
  for (const row of claimed) outcomes.push(await deliverClaimed(row, transport, now));
  return outcomes;
}
