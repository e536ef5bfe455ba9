// The parts of the rate limits that need no database: the scale knob, stored keys, the wait
// message, and the 429 responses' shape. The counting itself: tests/integration/rate-limit*.test.ts.
import { describe, expect, it } from "vitest";

import {
  clientIp,
  limitedForm,
  LIMITS,
  parseRateLimitScale,
  retryAfterHeaders,
  retryAfterSeconds,
  scaledPoints,
  storedKey,
  tooManyAttempts,
} from "./rate-limit.server";

describe("RATE_LIMIT_SCALE", () => {
  it("defaults to 1 and accepts any positive number", () => {
    expect(parseRateLimitScale(undefined)).toBe(1);
    expect(parseRateLimitScale("")).toBe(1);
    expect(parseRateLimitScale("20")).toBe(20);
    expect(parseRateLimitScale("0.5")).toBe(0.5);
  });

  it("refuses zero, negatives and words", () => {
    for (const bad of ["0", "-1", "ten", "Infinity", "NaN"]) expect(() => parseRateLimitScale(bad)).toThrow(/positive number/);
  });

  it("multiplies points, never below one", () => {
    expect(scaledPoints(10, 1)).toBe(10);
    expect(scaledPoints(10, 20)).toBe(200);
    expect(scaledPoints(3, 0.01)).toBe(1);
  });
});

describe("stored keys", () => {
  it("are one key per account whatever the email's case or spaces", () => {
    expect(storedKey(LIMITS.loginAccount, " Owner@Agency.Example ")).toBe(storedKey(LIMITS.loginAccount, "owner@agency.example"));
  });

  it("keep IPs as given, and hold neither the email nor the IP", () => {
    const key = storedKey(LIMITS.loginIp, "203.0.113.7");
    expect(key).not.toContain("203.0.113");
    expect(key).not.toBe(storedKey(LIMITS.loginIp, "203.0.113.8"));
    expect(storedKey(LIMITS.loginAccount, "owner@agency.example")).not.toContain("agency");
  });

  it("differ between limits for the same value", () => {
    expect(storedKey(LIMITS.loginIp, "203.0.113.7")).not.toBe(storedKey(LIMITS.signupIp, "203.0.113.7"));
  });
});

describe("the 429 answer", () => {
  it("rounds the wait up to whole seconds, at least one", () => {
    expect(retryAfterSeconds(0)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
    expect(retryAfterSeconds(900_000)).toBe(900);
  });

  it("says how many minutes to wait", () => {
    expect(tooManyAttempts({ ok: false, retryAfterSeconds: 900 })).toBe("Too many attempts, try again in 15 minutes.");
    expect(tooManyAttempts({ ok: false, retryAfterSeconds: 61 })).toBe("Too many attempts, try again in 2 minutes.");
    expect(tooManyAttempts({ ok: false, retryAfterSeconds: 20 })).toBe("Too many attempts, try again in 1 minute.");
  });

  it("draws the form again with what was typed, except the password", async () => {
    const form = new FormData();
    form.set("email", "owner@agency.example");
    form.set("password", "hunter2hunter2");
    const response = limitedForm({ ok: false, retryAfterSeconds: 600 }, form);
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("600");
    expect(await response.json()).toEqual({
      ok: false,
      fieldErrors: {},
      formError: "Too many attempts, try again in 10 minutes.",
      values: { email: "owner@agency.example" },
    });
  });

  it("passes Retry-After on to document responses", () => {
    const none = new Headers();
    const limited = new Headers({ "Retry-After": "60" });
    expect(
      retryAfterHeaders({ actionHeaders: limited, loaderHeaders: none, parentHeaders: none, errorHeaders: undefined }).get("Retry-After"),
    ).toBe("60");
    expect(
      retryAfterHeaders({ actionHeaders: none, loaderHeaders: limited, parentHeaders: none, errorHeaders: undefined }).get("Retry-After"),
    ).toBe("60");
    expect(
      retryAfterHeaders({ actionHeaders: none, loaderHeaders: none, parentHeaders: none, errorHeaders: undefined }).has("Retry-After"),
    ).toBe(false);
  });
});

describe("clientIp", () => {
  it("reads the address server/app.ts took from the socket (or the trusted proxy)", () => {
    expect(clientIp(new Request("http://x/", { headers: { "x-portal-client-ip": "198.51.100.4" } }))).toBe("198.51.100.4");
    expect(clientIp(new Request("http://x/"))).toBe("unknown");
  });
});
