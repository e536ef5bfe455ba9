import { randomUUID } from "node:crypto";

import type { WebhookDelivery } from "@prisma/client";

import { db } from "~/modules/db/db.server";

import { disableFailingEndpoint } from "./auto-disable.server";
import {
  WEBHOOK_FAILURE_STREAK_LIMIT,
  WEBHOOK_LEASE_MS,
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_PASS_MAX_DELIVERIES,
  WEBHOOK_PASS_MS,
  WEBHOOK_TIMEOUT_MS,
  webhookRetryDelayMs,
} from "./policy";
import { signDelivery } from "./secret.server";
import { postWebhook, type SendOutcome } from "./send.server";
import { checkTarget, type GuardOptions } from "./ssrf-guard.server";

export type WebhookOutcome = "delivered" | "retry" | "failed" | "lost-claim";
export type DeliverOptions = GuardOptions & { timeoutMs?: number; limit?: number; passMs?: number; maxDeliveries?: number };

/**
 * The clock for times written during a pass: the real one (a pass started with `now` may run for
 * many seconds, and a lease set from it would already be expired), never earlier than `now`.
 */
function clock(now: Date): number {
  return Math.max(now.getTime(), Date.now());
}

/**
 * Claims up to `limit` due deliveries of enabled endpoints: pending ones whose time has come, and
 * sending ones whose lease ran out. One conditional update per row, so of two workers one wins.
 */
export async function claimDueWebhooks(now: Date, limit = 20): Promise<WebhookDelivery[]> {
  for (;;) {
    const candidates = await db.webhookDelivery.findMany({
      where: {
        endpoint: { disabledAt: null },
        OR: [
          { status: "PENDING", nextAttemptAt: { lte: now } },
          { status: "SENDING", leaseExpiresAt: { lt: now } },
        ],
      },
      // Deliveries queued together share nextAttemptAt; their ids are the order they were queued in.
      orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
      take: limit,
    });
    if (candidates.length === 0) return [];
    const claimed: WebhookDelivery[] = [];
    for (const candidate of candidates) {
      const claimToken = randomUUID();
      const leaseExpiresAt = new Date(clock(now) + WEBHOOK_LEASE_MS);
      const result = await db.webhookDelivery.updateMany({
        where: { id: candidate.id, status: candidate.status, claimToken: candidate.claimToken, attempts: candidate.attempts },
        data: { status: "SENDING", claimToken, leaseExpiresAt, attempts: { increment: 1 } },
      });
      if (result.count === 1) {
        claimed.push({ ...candidate, status: "SENDING", claimToken, leaseExpiresAt, attempts: candidate.attempts + 1 });
      }
    }
    if (claimed.length > 0) return claimed;
  }
}

/** One try: the guard, then the signed POST to the address it checked. */
async function tryOnce(row: WebhookDelivery, options: DeliverOptions): Promise<SendOutcome> {
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id: row.endpointId }, select: { url: true, secret: true } });
  if (!endpoint) return { statusCode: null, error: "the endpoint was deleted", durationMs: 0 };
  const target = await checkTarget(endpoint.url, options);
  if (!target.ok) return { statusCode: null, error: target.reason, durationMs: 0 };
  // Signed with the real clock: receivers refuse timestamps far from theirs.
  const headers = signDelivery(endpoint.secret, row.messageId, row.payload, new Date());
  return postWebhook(target, headers, row.payload, options.timeoutMs ?? WEBHOOK_TIMEOUT_MS);
}

/** Records one try and its consequence, only if the claim is still ours. */
async function record(row: WebhookDelivery, outcome: SendOutcome, now: Date): Promise<WebhookOutcome> {
  const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
  const giveUp = !ok && row.attempts >= WEBHOOK_MAX_ATTEMPTS;
  const error = ok ? null : (outcome.error ?? `HTTP ${outcome.statusCode}`).slice(0, 500);
  return db.$transaction(async (tx) => {
    const mine = await tx.webhookDelivery.updateMany({
      where: { id: row.id, claimToken: row.claimToken, status: "SENDING" },
      data: {
        status: ok ? "DELIVERED" : giveUp ? "FAILED" : "PENDING",
        leaseExpiresAt: null,
        lastStatusCode: outcome.statusCode,
        lastError: error,
        lastDurationMs: outcome.durationMs,
        ...(ok ? { deliveredAt: new Date() } : {}),
        ...(!ok && !giveUp ? { nextAttemptAt: new Date(clock(now) + webhookRetryDelayMs(row.attempts)) } : {}),
      },
    });
    if (mine.count !== 1) return "lost-claim";
    await tx.webhookAttempt.create({
      data: { deliveryId: row.id, statusCode: outcome.statusCode, error, durationMs: outcome.durationMs },
    });
    if (ok) {
      await tx.webhookEndpoint.update({ where: { id: row.endpointId }, data: { failureStreak: 0 } });
      return "delivered";
    }
    if (!giveUp) return "retry";
    const endpoint = await tx.webhookEndpoint.update({
      where: { id: row.endpointId },
      data: { failureStreak: { increment: 1 } },
    });
    if (endpoint.failureStreak >= WEBHOOK_FAILURE_STREAK_LIMIT && !endpoint.disabledAt) await disableFailingEndpoint(tx, endpoint, now);
    return "failed";
  });
}

/**
 * One pass over what is due: every claimed delivery is sent at once, so a receiver that hangs
 * costs the others nothing beyond its own timeout; the outcomes are then written one by one.
 * A pass ends after WEBHOOK_PASS_MS of work or WEBHOOK_PASS_MAX_DELIVERIES: the worker sends
 * email after it (password resets, invitations), and the rest waits for the next cycle.
 */
export async function deliverDueWebhooks(now: Date, options: DeliverOptions = {}): Promise<WebhookOutcome[]> {
  const outcomes: WebhookOutcome[] = [];
  const started = Date.now();
  const budget = options.maxDeliveries ?? WEBHOOK_PASS_MAX_DELIVERIES;
  for (;;) {
    const left = budget - outcomes.length;
    if (left <= 0 || Date.now() - started >= (options.passMs ?? WEBHOOK_PASS_MS)) return outcomes;
    const claimed = await claimDueWebhooks(now, Math.min(options.limit ?? 20, left));
    if (claimed.length === 0) return outcomes;
    const sent = await Promise.all(claimed.map((row) => tryOnce(row, options)));
    for (const [i, row] of claimed.entries()) outcomes.push(await record(row, sent[i]!, now));
  }
}
