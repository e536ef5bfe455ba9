import { describe, expect, it } from "vitest";

import {
  effectiveLinkStatus,
  LINK_STATUSES,
  type LinkAction,
  linkExpiryFilter,
  linkGuard,
  type LinkLike,
  type LinkStatus,
  linkTransition,
  type StoredLinkStatus,
} from "./link-state";

const now = new Date("2030-01-10T12:00:00.000Z");
const future = new Date("2030-01-20T12:00:00.000Z");
const past = new Date("2030-01-01T12:00:00.000Z");

// Fixtures for each effective status; EXPIRED comes from both open stored statuses.
const fixtures: Record<LinkStatus, LinkLike[]> = {
  PENDING: [{ status: "PENDING", expiresAt: future }],
  OPENED: [{ status: "OPENED", expiresAt: future }],
  COMPLETED: [
    { status: "COMPLETED", expiresAt: future },
    { status: "COMPLETED", expiresAt: past },
  ],
  DECLINED: [
    { status: "DECLINED", expiresAt: future },
    { status: "DECLINED", expiresAt: past },
  ],
  EXPIRED: [
    { status: "PENDING", expiresAt: past },
    { status: "OPENED", expiresAt: past },
  ],
  REVOKED: [
    { status: "REVOKED", expiresAt: future },
    { status: "REVOKED", expiresAt: past },
  ],
};

// Expected target per action x effective status; "same" = stays at the stored status; a string
// that is not a status is (part of) the refusal reason.
type Expected = StoredLinkStatus | "same" | { refused: RegExp };
const completed = { refused: /already been completed/ };
const declined = { refused: /been declined/ };
const revoked = { refused: /been revoked/ };
const expired = { refused: /expired/ };

const table: Record<LinkAction, Record<LinkStatus, Expected>> = {
  open: { PENDING: "OPENED", OPENED: "OPENED", COMPLETED: completed, DECLINED: declined, EXPIRED: expired, REVOKED: revoked },
  complete: { PENDING: "COMPLETED", OPENED: "COMPLETED", COMPLETED: completed, DECLINED: declined, EXPIRED: expired, REVOKED: revoked },
  decline: { PENDING: "DECLINED", OPENED: "DECLINED", COMPLETED: completed, DECLINED: declined, EXPIRED: expired, REVOKED: revoked },
  revoke: { PENDING: "REVOKED", OPENED: "REVOKED", COMPLETED: completed, DECLINED: declined, EXPIRED: "REVOKED", REVOKED: revoked },
  reissue: { PENDING: "PENDING", OPENED: "PENDING", COMPLETED: completed, DECLINED: declined, EXPIRED: "PENDING", REVOKED: revoked },
  requestNew: {
    PENDING: { refused: /still valid/ },
    OPENED: { refused: /still valid/ },
    COMPLETED: completed,
    DECLINED: declined,
    EXPIRED: "same",
    REVOKED: revoked,
  },
};

describe("link state machine", () => {
  it("lists the six filter statuses in order", () => {
    expect(LINK_STATUSES).toEqual(["PENDING", "OPENED", "COMPLETED", "DECLINED", "EXPIRED", "REVOKED"]);
  });

  it("fixtures have the effective status they claim", () => {
    for (const status of LINK_STATUSES) {
      for (const link of fixtures[status]) expect(effectiveLinkStatus(link, now)).toBe(status);
    }
  });

  it("expires strictly after expiresAt", () => {
    expect(effectiveLinkStatus({ status: "PENDING", expiresAt: now }, now)).toBe("PENDING");
    expect(effectiveLinkStatus({ status: "PENDING", expiresAt: new Date(now.getTime() - 1) }, now)).toBe("EXPIRED");
    expect(linkTransition({ status: "OPENED", expiresAt: now }, "complete", now)).toEqual({ ok: true, to: "COMPLETED" });
  });

  it("throws on an unknown stored status; transitions refuse it", () => {
    const bad = { status: "WEIRD", expiresAt: future };
    expect(() => effectiveLinkStatus(bad, now)).toThrow(/Unknown link status/);
    expect(linkTransition(bad, "open", now)).toEqual({ ok: false, reason: "This link is in an unknown state." });
  });

  const actions = Object.keys(table) as LinkAction[];
  const cases = actions.flatMap((action) => LINK_STATUSES.flatMap((status) => fixtures[status].map((link) => ({ action, status, link }))));

  it.each(cases)("$action on $status (stored $link.status)", ({ action, status, link }) => {
    const expected = table[action][status];
    const result = linkTransition(link, action, now);
    if (typeof expected === "object") {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.reason).toMatch(expected.refused);
        expect(result.reason).toMatch(/^[A-Z].*\.$/); // a short sentence for the user
      }
    } else {
      expect(result).toEqual({ ok: true, to: expected === "same" ? link.status : expected });
    }
  });

  it("covers all 6 x 6 action/status pairs", () => {
    expect(actions).toHaveLength(6);
    for (const action of actions) expect(Object.keys(table[action]).sort()).toEqual([...LINK_STATUSES].sort());
  });

  it("linkGuard agrees with linkTransition on every case", () => {
    for (const { action, link } of cases) {
      const guard = linkGuard(action);
      const isExpired = now > link.expiresAt;
      const admitted =
        (guard.from as string[]).includes(link.status) && !(guard.requireNotExpired && isExpired) && !(guard.requireExpired && !isExpired);
      expect(linkTransition(link, action, now).ok).toBe(admitted);
      expect(guard.requireExpired && guard.requireNotExpired).toBe(false);
    }
  });

  it("gives a query filter matching the expiry rule", () => {
    expect(linkExpiryFilter("complete", now)).toEqual({ gte: now });
    expect(linkExpiryFilter("requestNew", now)).toEqual({ lt: now });
    expect(linkExpiryFilter("revoke", now)).toBeUndefined();
    expect(linkGuard("reissue").from).toEqual(["PENDING", "OPENED"]);
  });
});
