// Finding 7 (issue 13): the invitation sign-up hashed the password (about 48 ms of argon2) before
// it looked at the invitation, so anyone holding a used, cancelled or expired invitation link
// could make the server hash at will, with no limit. Now a dead invitation is answered without
// any hash, and sign-ups are counted per address with /signup's (docs/decisions/018).
//
// Over real HTTP (Express + Remix + the real invitation route). The argon2 library is observed,
// not replaced: its exported `hash` and `verify` are the library's own, wrapped to count calls.
import { vi } from "vitest";

vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...real, hash: vi.fn(real.hash), verify: vi.fn(real.verify) };
});

import { hash } from "@node-rs/argon2";
import { subDays } from "date-fns";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { type AgencyContext, agencyContextFor } from "~/modules/agencies/agencies.server";
import { db } from "~/modules/db/db.server";
import { LIMITS } from "~/modules/security/rate-limit.server";
import { invitationToken } from "~/modules/team/invitation-token.server";
import { cancelInvitation, inviteStaff, resendInvitation } from "~/modules/team/invitations.server";
import * as inviteRoute from "~/routes/invite.$token";

import { makeAgency } from "../integration/helpers";
import { startAppServer, type TestServer } from "../support/app-server";
import { testBuild } from "../support/remix-build";

// One proxy hop in front (server/app.ts): each request may then come from its own address, so
// the per-address limit is exercised only where a test means to.
process.env.TRUST_PROXY = "1";

const hashes = vi.mocked(hash);
let server: TestServer;
let ownerCtx: AgencyContext;
let address = 0;
const newIp = () => `198.51.100.${++address}`;
let n = 0;

async function invite(email = `invitee-${++n}@agency.example`, now = new Date()) {
  const invited = await inviteStaff(ownerCtx, { email, role: "MEMBER" }, now);
  if (!invited.ok) throw new Error(invited.message);
  const row = await db.staffInvitation.findUniqueOrThrow({ where: { id: invited.invitationId } });
  return { id: row.id, email, token: invitationToken(row) };
}

function signUp(token: string, ip = newIp()) {
  return fetch(`${server.url}/invite/${token}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.origin, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": ip },
    body: new URLSearchParams({ intent: "signup", name: "Ivy Invitee", password: "a long enough password" }),
  });
}

/** `count` sign-ups with `token` at once, each from its own address: their statuses, and how many hashes they cost. */
async function burst(token: string, count: number) {
  const before = hashes.mock.calls.length;
  const responses = await Promise.all(Array.from({ length: count }, () => signUp(token)));
  const bodies = await Promise.all(responses.map((r) => r.text()));
  return { statuses: responses.map((r) => r.status), bodies, hashes: hashes.mock.calls.length - before };
}

beforeAll(async () => {
  server = await startAppServer(
    testBuild([{ id: "routes/invite.$token", path: "invite/:token", module: inviteRoute as unknown as Record<string, unknown> }]),
  );
  const owner = await makeAgency("Inviting Agency");
  const user = await db.user.findUniqueOrThrow({ where: { id: owner.userId } });
  const { slug } = await db.agency.findUniqueOrThrow({ where: { id: owner.agencyId } });
  ownerCtx = await agencyContextFor({ id: user.id, email: user.email, name: user.name }, slug, "dashboard:read");
});
afterAll(() => server?.close());
// A block, not an arrow returning the mock: what beforeEach returns, vitest calls after the test.
beforeEach(() => {
  hashes.mockClear();
});

describe("finding 7: invitation sign-up hashes the password before checking the invitation", () => {
  it("a pending invitation's sign-up hashes the password once and creates the account", async () => {
    const pending = await invite();
    const response = await signUp(pending.token);
    expect(response.status).toBe(302);
    // The observation is live: the one hash of a real sign-up is seen.
    expect(hashes).toHaveBeenCalledTimes(1);
    expect(await db.user.count({ where: { email: pending.email } })).toBe(1);
  });

  it("20 sign-ups with a used invitation are refused without computing a single hash", async () => {
    const used = await invite();
    expect((await signUp(used.token)).status).toBe(302);
    const users = await db.user.count();

    const { statuses, bodies, hashes: cost } = await burst(used.token, 20);
    expect(statuses).toEqual(Array(20).fill(410));
    for (const body of bodies) expect(body).toContain("This invitation was already used.");
    expect(cost).toBe(0);
    expect(await db.user.count()).toBe(users);
  });

  it("cancelled, expired, superseded and unknown invitations are refused without a hash", async () => {
    const cancelled = await invite();
    await cancelInvitation(ownerCtx, cancelled.id);
    const expired = await invite(undefined, subDays(new Date(), 8));
    const superseded = await invite();
    await resendInvitation(ownerCtx, superseded.id);
    const unknown = await invite();
    await db.staffInvitation.delete({ where: { id: unknown.id } });

    const cases = [
      ["cancelled", cancelled.token, 410, "This invitation was cancelled: ask the agency for a new one."],
      ["expired", expired.token, 410, "This invitation has expired"],
      ["superseded", superseded.token, 404, "This invitation is not valid"],
      ["unknown", unknown.token, 404, "This invitation is not valid"],
    ] as const;
    for (const [label, token, status, text] of cases) {
      const { statuses, bodies, hashes: cost } = await burst(token, 5);
      expect(statuses, label).toEqual(Array(5).fill(status));
      expect(bodies[0], label).toContain(text);
      expect(cost, label).toBe(0);
    }
    expect(await db.user.count({ where: { email: { in: [cancelled.email, expired.email, superseded.email, unknown.email] } } })).toBe(0);
  });

  it("sign-ups from one address are limited: past the budget, 429 with Retry-After, nothing hashed or created", async () => {
    const used = await invite();
    expect((await signUp(used.token)).status).toBe(302);
    const ip = newIp();
    for (let i = 0; i < LIMITS.signupIp.points; i++) expect((await signUp(used.token, ip)).status).toBe(410);

    const pending = await invite();
    const limited = await signUp(pending.token, ip);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(LIMITS.signupIp.duration - 60);
    expect(retryAfter).toBeLessThanOrEqual(LIMITS.signupIp.duration);
    const body = await limited.text();
    expect(body).toContain("Too many attempts, try again in 60 minutes.");
    expect(body).not.toContain("a long enough password");
    expect(hashes).toHaveBeenCalledTimes(1);
    expect(await db.user.count({ where: { email: pending.email } })).toBe(0);

    // Another address still joins with that invitation.
    expect((await signUp(pending.token)).status).toBe(302);
  });

  it("four sign-ups with one invitation at once still make exactly one account", async () => {
    const pending = await invite();
    const statuses = (await Promise.all(Array.from({ length: 4 }, () => signUp(pending.token)))).map((r) => r.status).sort();
    expect(statuses).toEqual([302, 410, 410, 410]);
    expect(await db.user.count({ where: { email: pending.email } })).toBe(1);
    expect(await db.membership.count({ where: { user: { email: pending.email } } })).toBe(1);
  });
});
