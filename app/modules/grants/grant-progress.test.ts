import { describe, expect, it } from "vitest";

import { grantProgress, grantProgressWords } from "./grant-progress";

const now = new Date("2030-03-20T12:00:00.000Z");
const recently = new Date("2030-03-18T12:00:00.000Z");
const longAgo = new Date("2030-02-01T12:00:00.000Z");

describe("grantProgress", () => {
  it("counts verified (ACTIVE) against every grant not revoked; an expired invitation is still waiting", () => {
    const p = grantProgress(
      [
        { status: "ACTIVE", invitedAt: recently },
        { status: "INVITED", invitedAt: recently },
        { status: "INVITED", invitedAt: longAgo },
        { status: "REVOKED", invitedAt: recently },
      ],
      now,
    );
    expect(p).toEqual({ verified: 1, waiting: 2, revoked: 1, total: 3 });
    expect(grantProgressWords(p)).toBe("1 of 3 sites verified, 1 revoked");
  });

  it("says it in words, with the plural from Intl.PluralRules", () => {
    expect(grantProgressWords({ verified: 1, waiting: 1, revoked: 0, total: 2 })).toBe("1 of 2 sites verified");
    expect(grantProgressWords({ verified: 0, waiting: 1, revoked: 0, total: 1 })).toBe("0 of 1 site verified");
    expect(grantProgressWords({ verified: 1, waiting: 0, revoked: 0, total: 1 })).toBe("1 site verified");
    expect(grantProgressWords({ verified: 2, waiting: 0, revoked: 0, total: 2 })).toBe("2 of 2 sites verified");
    expect(grantProgressWords({ verified: 0, waiting: 0, revoked: 2, total: 0 })).toBe("access revoked");
    expect(grantProgressWords({ verified: 0, waiting: 0, revoked: 0, total: 0 })).toBeNull();
  });
});
