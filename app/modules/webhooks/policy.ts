/** How webhook deliveries are retried and when an endpoint is switched off (docs/decisions/053). */
// 12 tries with the delays below span about 7 to 14 hours: a receiver down for a night's
// maintenance loses nothing (6 tries spanned only a quarter of an hour).
export const WEBHOOK_MAX_ATTEMPTS = 12;
/** Failed deliveries in a row (each after all its attempts) that disable an endpoint. */
export const WEBHOOK_FAILURE_STREAK_LIMIT = 5;
/** One POST may take this long; then it is a failed attempt (and the next endpoint is not kept waiting). */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** A claim outlives the timeout, so a live worker is never overtaken by another. */
export const WEBHOOK_LEASE_MS = 60_000;
/** A worker pass stops taking new deliveries after this much work or this many deliveries (email waits behind it). */
export const WEBHOOK_PASS_MS = 30_000;
export const WEBHOOK_PASS_MAX_DELIVERIES = 100;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 6 * 60 * 60_000;

/** Exponential (30 s, 1 min, 2 min, ... capped at 6 h) with jitter over the upper half. */
export function webhookRetryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
