// Re-authentication before the most sensitive team changes (issue 17, item 5; docs/decisions/048):
// handing over ownership, removing an Owner and demoting one want a password typed within the last
// 10 minutes (signing in counts). Without it the POST changes nothing and sends the user to /reauth,
// which has its own attempt limit and comes back to the team page.
import type { ActionFunctionArgs } from "@remix-run/node";
import { Secret, TOTP } from "otpauth";
import { beforeEach, describe, expect, it } from "vitest";

import { startSession } from "~/modules/auth/auth.server";
import { hasRecentAuth, REAUTH_WINDOW_MS } from "~/modules/auth/reauth.server";
import { confirmSetup, pendingSetup } from "~/modules/auth/two-factor.server";
import { db } from "~/modules/db/db.server";
import { LIMITS } from "~/modules/security/rate-limit.server";
import { action as teamAction } from "~/routes/a.$agency.team";
import { action as reauthAction } from "~/routes/reauth";

import { makeAgency, type TestAgency } from "./helpers";

const ORIGIN = "http://localhost:3000";
const PASSWORD = "correct horse battery";
const MINUTE = 60_000;

let owner: TestAgency;
let other: TestAgency;
let slug: string;
let cookie: string;
let sessionId: string;

const asResponse = (e: unknown) => (e instanceof Response ? e : Promise.reject(e));

function postTeam(fields: Record<string, string>): Promise<Response> {
  const request = new Request(`${ORIGIN}/a/${slug}/team`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: ORIGIN },
    body: new URLSearchParams({ confirmed: "yes", ...fields }),
  });
  return teamAction({ request, params: { agency: slug }, context: {} } as ActionFunctionArgs).catch(asResponse);
}

function postReauth(password: string, fields: Record<string, string> = { password }): Promise<Response> {
  const request = new Request(`${ORIGIN}/reauth`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: ORIGIN },
    body: new URLSearchParams({ ...fields, redirectTo: `/a/${slug}/team` }),
  });
  return reauthAction({ request, params: {}, context: {} } as ActionFunctionArgs).catch(asResponse);
}

/** The session as if signed in (and last confirmed, when given) that many minutes ago. */
async function ageSession(signedInMinutesAgo: number, reauthMinutesAgo: number | null = null) {
  const now = Date.now();
  await db.session.update({
    where: { id: sessionId },
    data: {
      createdAt: new Date(now - signedInMinutesAgo * MINUTE),
      reauthAt: reauthMinutesAgo === null ? null : new Date(now - reauthMinutesAgo * MINUTE),
    },
  });
}

const membersOf = () =>
  db.membership.findMany({ where: { agencyId: owner.agencyId }, select: { userId: true, role: true }, orderBy: { userId: "asc" } });

async function teamState() {
  return { members: await membersOf(), events: await db.event.count({ where: { agencyId: owner.agencyId } }) };
}

function expectSentToReauth(response: Response) {
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe(`/reauth?redirectTo=${encodeURIComponent(`/a/${slug}/team`)}`);
}

function expectDone(response: Response) {
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe(`/a/${slug}/team`);
}

beforeEach(async () => {
  owner = await makeAgency("Reauth Agency");
  // A second account, joined to the agency as a Member.
  other = await makeAgency("Other Agency");
  await db.membership.create({ data: { agencyId: owner.agencyId, userId: other.userId, role: "MEMBER" } });
  slug = (await db.agency.findUniqueOrThrow({ where: { id: owner.agencyId } })).slug;
  cookie = (await startSession(owner.userId)).split(";")[0]!;
  sessionId = cookie.split("=")[1]!;
});

describe("hasRecentAuth", () => {
  const now = new Date("2026-12-05T12:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it("counts a sign-in or a confirmation within 10 minutes, and not one at 10 minutes or older", () => {
    expect(REAUTH_WINDOW_MS).toBe(10 * MINUTE);
    expect(hasRecentAuth({ createdAt: ago(0), reauthAt: null }, now)).toBe(true);
    expect(hasRecentAuth({ createdAt: ago(REAUTH_WINDOW_MS - 1), reauthAt: null }, now)).toBe(true);
    expect(hasRecentAuth({ createdAt: ago(REAUTH_WINDOW_MS), reauthAt: null }, now)).toBe(false);
    expect(hasRecentAuth({ createdAt: ago(60 * MINUTE), reauthAt: ago(REAUTH_WINDOW_MS - 1) }, now)).toBe(true);
    expect(hasRecentAuth({ createdAt: ago(60 * MINUTE), reauthAt: ago(REAUTH_WINDOW_MS + 1) }, now)).toBe(false);
    // A time ahead of the clock proves nothing.
    expect(hasRecentAuth({ createdAt: ago(60 * MINUTE), reauthAt: new Date(now.getTime() + MINUTE) }, now)).toBe(false);
  });
});

describe("transferring ownership", () => {
  it("is refused with nothing changed without recent authentication, allowed after /reauth, refused again 10 minutes later", async () => {
    await ageSession(30);
    const before = await teamState();
    expectSentToReauth(await postTeam({ intent: "transfer", id: other.userId }));
    expect(await teamState()).toEqual(before);

    const confirmed = await postReauth(PASSWORD);
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toBe(`/a/${slug}/team`);
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).reauthAt).not.toBeNull();

    expectDone(await postTeam({ intent: "transfer", id: other.userId }));
    expect(await membersOf()).toContainEqual({ userId: other.userId, role: "OWNER" });
    expect(await membersOf()).toContainEqual({ userId: owner.userId, role: "ADMIN" });
    expect(await db.event.count({ where: { agencyId: owner.agencyId, type: "team.ownership_transferred" } })).toBe(1);

    // Ownership back to the first account, whose confirmation is now 11 minutes old.
    cookie = (await startSession(other.userId)).split(";")[0]!;
    sessionId = cookie.split("=")[1]!;
    await ageSession(30, 11);
    const later = await teamState();
    expectSentToReauth(await postTeam({ intent: "transfer", id: owner.userId }));
    expect(await teamState()).toEqual(later);
  });

  it("is allowed right after signing in", async () => {
    expectDone(await postTeam({ intent: "transfer", id: other.userId }));
    expect(await membersOf()).toContainEqual({ userId: other.userId, role: "OWNER" });
  });
});

describe("removing or demoting an Owner", () => {
  beforeEach(async () => {
    await db.membership.update({ where: { agencyId_userId: { agencyId: owner.agencyId, userId: other.userId } }, data: { role: "OWNER" } });
  });

  it("is refused with nothing changed without recent authentication, allowed within 10 minutes, refused after", async () => {
    await ageSession(30, 10);
    const before = await teamState();
    expectSentToReauth(await postTeam({ intent: "remove", id: other.userId }));
    expectSentToReauth(await postTeam({ intent: "role", userId: other.userId, role: "ADMIN" }));
    expect(await teamState()).toEqual(before);

    await ageSession(30, 9);
    expectDone(await postTeam({ intent: "role", userId: other.userId, role: "ADMIN" }));
    expect(await membersOf()).toContainEqual({ userId: other.userId, role: "ADMIN" });

    await db.membership.update({ where: { agencyId_userId: { agencyId: owner.agencyId, userId: other.userId } }, data: { role: "OWNER" } });
    await ageSession(30, 11);
    expectSentToReauth(await postTeam({ intent: "remove", id: other.userId }));
    expect(await membersOf()).toContainEqual({ userId: other.userId, role: "OWNER" });

    await ageSession(30, 1);
    expectDone(await postTeam({ intent: "remove", id: other.userId }));
    expect((await membersOf()).map((m) => m.userId)).toEqual([owner.userId]);
  });

  it("asks nothing more for a Member: only Owners are guarded", async () => {
    await db.membership.update({
      where: { agencyId_userId: { agencyId: owner.agencyId, userId: other.userId } },
      data: { role: "MEMBER" },
    });
    await ageSession(30);
    expectDone(await postTeam({ intent: "role", userId: other.userId, role: "ADMIN" }));
    expectDone(await postTeam({ intent: "remove", id: other.userId }));
  });
});

describe("/reauth", () => {
  it("refuses a wrong password, then every attempt once its own limit is used, the right password too", async () => {
    await ageSession(30);
    const { points } = LIMITS.reauthAccount;
    for (let i = 0; i < points; i++) {
      const wrong = await postReauth("not my password");
      expect(wrong.status).toBe(400);
      expect(((await wrong.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.password?.[0]).toMatch(/not right/);
    }
    const limited = await postReauth(PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(((await limited.json()) as { formError: string }).formError).toMatch(/Too many attempts/);
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).reauthAt).toBeNull();
    expectSentToReauth(await postTeam({ intent: "transfer", id: other.userId }));
  });

  it("takes a current code instead of the password when two-factor sign-in is on, and a recovery code once", async () => {
    const enabledAt = new Date(Date.now() - 2 * MINUTE);
    const { totpSecret } = await pendingSetup({ id: owner.userId, email: owner.email }).then(() =>
      db.user.findUniqueOrThrow({ where: { id: owner.userId }, select: { totpSecret: true } }),
    );
    const totp = new TOTP({ secret: Secret.fromBase32(totpSecret!), digits: 6, period: 30, algorithm: "SHA1" });
    const enabled = await confirmSetup(
      { id: owner.userId, email: owner.email },
      totp.generate({ timestamp: enabledAt.getTime() }),
      enabledAt,
    );
    if (!enabled.ok) throw new Error(enabled.message);
    await ageSession(30);

    const wrong = await postReauth("", { code: "000000" });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.code?.[0]).toMatch(/not right/);
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).reauthAt).toBeNull();

    expect((await postReauth("", { code: totp.generate() })).status).toBe(302);
    expectDone(await postTeam({ intent: "transfer", id: other.userId }));

    await ageSession(30, 11);
    const [recovery] = enabled.recoveryCodes;
    expect((await postReauth("", { code: recovery! })).status).toBe(302);
    await ageSession(30, 11);
    expect((await postReauth("", { code: recovery! })).status).toBe(400);
  });

  it("goes back only to a page of this site", async () => {
    const request = new Request(`${ORIGIN}/reauth`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: ORIGIN },
      body: new URLSearchParams({ password: PASSWORD, redirectTo: "//evil.example/phish" }),
    });
    const response = await reauthAction({ request, params: {}, context: {} } as ActionFunctionArgs).catch(asResponse);
    expect(response.headers.get("Location")).toBe("/account");
  });
});
