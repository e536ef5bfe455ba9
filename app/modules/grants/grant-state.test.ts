import { describe, expect, it } from "vitest";

import { HOTJAR_INVITATION_LIFETIME_DAYS } from "../platforms/hotjar";
import {
  effectiveGrantStatus,
  GRANT_STATUSES,
  type GrantAction,
  grantGuard,
  grantInviteExpiresAt,
  type GrantLike,
  type GrantStatus,
  grantStatusWhere,
  grantTransition,
  STORED_GRANT_STATUSES,
  type StoredGrantStatus,
} from "./grant-state";

const now = new Date("2030-03-20T12:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;
const recently = new Date(now.getTime() - 2 * DAY);
const longAgo = new Date(now.getTime() - 30 * DAY);

const fixtures: Record<GrantStatus, GrantLike[]> = {
  INVITED: [{ status: "INVITED", invitedAt: recently }],
  INVITE_EXPIRED: [{ status: "INVITED", invitedAt: longAgo }],
  ACTIVE: [
    { status: "ACTIVE", invitedAt: recently },
    { status: "ACTIVE", invitedAt: longAgo },
  ],
  REVOKED: [
    { status: "REVOKED", invitedAt: recently },
    { status: "REVOKED", invitedAt: longAgo },
  ],
};

type Expected = StoredGrantStatus | { refused: RegExp };
const table: Record<GrantAction, Record<GrantStatus, Expected>> = {
  verify: {
    INVITED: "ACTIVE",
    INVITE_EXPIRED: "ACTIVE",
    ACTIVE: { refused: /already been verified/ },
    REVOKED: { refused: /been revoked/ },
  },
  revoke: {
    INVITED: "REVOKED",
    INVITE_EXPIRED: "REVOKED",
    ACTIVE: "REVOKED",
    REVOKED: { refused: /already been revoked/ },
  },
};

describe("grant state machine", () => {
  it("uses Hotjar's 7-day invitation lifetime", () => {
    expect(HOTJAR_INVITATION_LIFETIME_DAYS).toBe(7);
    expect(grantInviteExpiresAt({ invitedAt: now }).getTime() - now.getTime()).toBe(7 * DAY);
  });

  it("fixtures have the effective status they claim", () => {
    for (const status of GRANT_STATUSES) {
      for (const grant of fixtures[status]) expect(effectiveGrantStatus(grant, now)).toBe(status);
    }
  });

  it("an invitation expires strictly after 7 days", () => {
    const invitedAt = new Date(now.getTime() - 7 * DAY);
    expect(effectiveGrantStatus({ status: "INVITED", invitedAt }, now)).toBe("INVITED");
    expect(effectiveGrantStatus({ status: "INVITED", invitedAt: new Date(invitedAt.getTime() - 1) }, now)).toBe("INVITE_EXPIRED");
    expect(effectiveGrantStatus({ status: "INVITED", invitedAt: new Date(now.getTime() - 6 * DAY) }, now)).toBe("INVITED");
  });

  it("grantStatusWhere picks exactly the grants effectiveGrantStatus names, at the 7-day edge too", () => {
    const edge = grantInviteExpiresAt({ invitedAt: now }).getTime() - now.getTime();
    const matches = (where: ReturnType<typeof grantStatusWhere>, g: GrantLike) =>
      where.status === g.status &&
      (!where.invitedAt || ("lt" in where.invitedAt ? g.invitedAt < where.invitedAt.lt : g.invitedAt >= where.invitedAt.gte));
    const grants = [-1, 0, 1, DAY].flatMap((d) =>
      STORED_GRANT_STATUSES.map((status) => ({ status, invitedAt: new Date(now.getTime() - edge + d) })),
    );
    for (const status of GRANT_STATUSES)
      for (const g of grants) expect(matches(grantStatusWhere(status, now), g)).toBe(effectiveGrantStatus(g, now) === status);
  });

  it("7 days are 168 hours even across a daylight-saving change", () => {
    // 2030-03-31 is the EU spring-forward date; the rule must not depend on the server zone.
    const invitedAt = new Date("2030-03-28T00:00:00.000Z");
    expect(grantInviteExpiresAt({ invitedAt }).toISOString()).toBe("2030-04-04T00:00:00.000Z");
  });

  it("throws on an unknown stored status; transitions refuse it", () => {
    const bad = { status: "PENDING", invitedAt: recently };
    expect(() => effectiveGrantStatus(bad, now)).toThrow(/Unknown grant status/);
    expect(grantTransition(bad, "verify", now).ok).toBe(false);
  });

  const actions = Object.keys(table) as GrantAction[];
  const cases = actions.flatMap((action) =>
    GRANT_STATUSES.flatMap((status) => fixtures[status].map((grant) => ({ action, status, grant }))),
  );

  it.each(cases)("$action on $status (stored $grant.status)", ({ action, status, grant }) => {
    const expected = table[action][status];
    const result = grantTransition(grant, action, now);
    if (typeof expected === "object") {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(expected.refused);
    } else {
      expect(result).toEqual({ ok: true, to: expected });
    }
    // The database guard admits exactly what the transition admits.
    expect((grantGuard(action).from as string[]).includes(grant.status)).toBe(result.ok);
  });

  it("covers every action x status pair", () => {
    for (const action of actions) expect(Object.keys(table[action]).sort()).toEqual([...GRANT_STATUSES].sort());
  });
});
