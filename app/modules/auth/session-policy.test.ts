import { describe, expect, it } from "vitest";

import { IDLE_TIMEOUT_MS, isSessionLive, LAST_SEEN_RESOLUTION_MS, needsTouch } from "./session-policy";

const now = new Date("2025-03-10T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const later = (ms: number) => new Date(now.getTime() + ms);

describe("isSessionLive", () => {
  it("holds a session used within the idle timeout and before its expiry", () => {
    expect(isSessionLive({ expiresAt: later(1000), lastSeenAt: ago(IDLE_TIMEOUT_MS) }, now)).toBe(true);
  });
  it("ends a session unused for longer than the idle timeout", () => {
    expect(isSessionLive({ expiresAt: later(86_400_000), lastSeenAt: ago(IDLE_TIMEOUT_MS + 1) }, now)).toBe(false);
  });
  it("ends a session at its expiry, however recently used", () => {
    expect(isSessionLive({ expiresAt: now, lastSeenAt: now }, now)).toBe(false);
  });
});

describe("needsTouch", () => {
  it("writes the last use at most once per resolution", () => {
    expect(needsTouch(ago(LAST_SEEN_RESOLUTION_MS - 1), now)).toBe(false);
    expect(needsTouch(ago(LAST_SEEN_RESOLUTION_MS), now)).toBe(true);
  });
});
