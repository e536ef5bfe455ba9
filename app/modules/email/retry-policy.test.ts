import { describe, expect, it } from "vitest";

import { isRetryableStatus, LEASE_MS, MAX_ATTEMPTS, retryDelayMs } from "./retry-policy";

const HOUR = 60 * 60_000;
const low = () => 0;
const high = () => 1 - Number.EPSILON; // Math.random never returns 1
const mid = () => 0.5;

/** The ceiling the policy documents: 30 s doubled per attempt, capped at 1 h. */
const ceiling = (attempt: number) => Math.min(HOUR, 30_000 * 2 ** Math.max(0, attempt - 1));

describe("retryDelayMs", () => {
  it("starts at 30 s and doubles per attempt", () => {
    expect(retryDelayMs(1, high)).toBe(30_000);
    expect(retryDelayMs(2, high)).toBe(60_000);
    expect(retryDelayMs(3, high)).toBe(120_000);
    expect(retryDelayMs(4, high)).toBe(240_000);
    for (let a = 1; a < 7; a++) expect(retryDelayMs(a + 1, mid)).toBe(2 * retryDelayMs(a, mid));
  });

  it("stays within [ceiling/2, ceiling] for any jitter", () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      expect(retryDelayMs(attempt, low)).toBe(ceiling(attempt) / 2);
      expect(retryDelayMs(attempt, high)).toBe(ceiling(attempt));
      for (let i = 0; i < 50; i++) {
        const d = retryDelayMs(attempt);
        expect(d).toBeGreaterThanOrEqual(ceiling(attempt) / 2);
        expect(d).toBeLessThanOrEqual(ceiling(attempt));
      }
    }
  });

  it("caps at 1 h, however many attempts", () => {
    expect(retryDelayMs(7, high)).toBe(32 * 60_000); // still below the cap
    for (const attempt of [8, 9, 20, 100, 1000]) {
      expect(retryDelayMs(attempt, high)).toBe(HOUR);
      expect(retryDelayMs(attempt, low)).toBe(HOUR / 2);
    }
  });

  it("treats attempt 0 (or less) like the first", () => {
    expect(retryDelayMs(0, high)).toBe(30_000);
    expect(retryDelayMs(-3, low)).toBe(15_000);
  });

  it("spreads a burst of failures over the window instead of one instant", () => {
    const delays = new Set(Array.from({ length: 100 }, () => retryDelayMs(3)));
    expect(delays.size).toBeGreaterThan(50);
  });

  it("gives up within a day: the sum of every wait before the last attempt", () => {
    let total = 0;
    for (let a = 1; a < MAX_ATTEMPTS; a++) total += retryDelayMs(a, high);
    expect(total).toBeLessThan(24 * HOUR);
    expect(LEASE_MS).toBeGreaterThan(0);
  });
});

describe("isRetryableStatus", () => {
  it("retries no status (network error), 429 and every 5xx", () => {
    for (const status of [null, 429, 500, 502, 503, 504, 599]) expect(isRetryableStatus(status), String(status)).toBe(true);
  });

  it("does not retry other 4xx: they will not get better by waiting", () => {
    for (const status of [400, 401, 403, 404, 409, 422]) expect(isRetryableStatus(status), String(status)).toBe(false);
  });
});
