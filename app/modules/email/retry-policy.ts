/** How the outbox retries (docs/decisions/015). Pure, so it is tested without a clock. */
export const MAX_ATTEMPTS = 8;
export const LEASE_MS = 60_000;
/** How long one call to the email provider may take before it counts as a failed attempt. */
export const SEND_TIMEOUT_MS = 10_000;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

/**
 * Delay before attempt `attempt + 1` after `attempt` failed: exponential (30 s, 1 min, 2 min, ...
 * capped at 1 h) with jitter over the upper half, so many emails failing together in an outage
 * do not all come back in the same second.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Transient answers are retried; any other 4xx will not get better by waiting. */
export function isRetryableStatus(status: number | null): boolean {
  return status === null || status === 429 || status >= 500;
}
