// Staff sessions against a real database: rotation at sign-in, inactivity and absolute expiry,
// "log out other sessions" and "log out everywhere" on a password change (docs/decisions/019).
import { beforeAll, describe, expect, it } from "vitest";

import { hashIp } from "~/modules/audit/events.server";
import { changePassword, logOutOtherSessions } from "~/modules/auth/account.server";
import { endSession, getUser, logIn, requireUser, startSession } from "~/modules/auth/auth.server";
import { ChangePasswordSchema, LoginSchema } from "~/modules/auth/schemas";
import { IDLE_TIMEOUT_MS, LAST_SEEN_RESOLUTION_MS } from "~/modules/auth/session-policy";
import { listSessions, purgeDeadSessions, validateSession } from "~/modules/auth/sessions.server";
import { db } from "~/modules/db/db.server";

import { makeAgency, META, type TestAgency } from "./helpers";

const PASSWORD = "correct horse battery"; // makeAgency's
const HOUR = 60 * 60 * 1000;

/** A browser request carrying `cookie` (a Set-Cookie value or a bare "name=value"). */
function browser(cookie?: string, path = "/a/x"): Request {
  const headers: Record<string, string> = { "user-agent": META.userAgent, "x-portal-client-ip": META.ip };
  if (cookie) headers.Cookie = cookie.split(";")[0]!;
  return new Request(`http://localhost:3000${path}`, { headers });
}
const idOf = (setCookie: string) => setCookie.split(";")[0]!.split("=")[1]!;
const staff = (a: TestAgency) => ({ id: a.userId, email: a.email });
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const sessionRows = (userId: string) => db.session.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });

let owner: TestAgency;
beforeAll(async () => {
  owner = await makeAgency("Sessions Agency");
});

describe("starting a session", () => {
  it("records where it was opened and sets a browser-session cookie", async () => {
    const cookie = await startSession(owner.userId, browser());
    const row = await db.session.findUniqueOrThrow({ where: { id: idOf(cookie) } });
    expect(row).toMatchObject({ userId: owner.userId, userAgent: META.userAgent, ipHash: hashIp(META.ip) });
    expect(row.ipHash).not.toContain(META.ip);
    expect(row.lastSeenAt.getTime()).toBe(row.createdAt.getTime());
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(29 * 24 * HOUR);
    expect(cookie).toMatch(/^portal_session=[a-z0-9]+; HttpOnly; Path=\/; SameSite=Lax$/);
    expect(cookie).not.toMatch(/Max-Age|Expires/);
  });

  it("still works without a request (seeds and fixtures)", async () => {
    const cookie = await startSession(owner.userId);
    expect(await db.session.findUniqueOrThrow({ where: { id: idOf(cookie) } })).toMatchObject({ userAgent: null, ipHash: null });
  });
});

describe("rotation at sign-in", () => {
  it("ends the session the browser presented and issues a new id", async () => {
    const before = await startSession(owner.userId, browser());
    const after = await startSession(owner.userId, browser(before));
    expect(idOf(after)).not.toBe(idOf(before));
    expect(await validateSession(idOf(before))).toBeNull();
    expect(await db.session.count({ where: { id: idOf(before) } })).toBe(0);
    expect((await validateSession(idOf(after)))?.user.id).toBe(owner.userId);
  });

  it("ends a session planted from another account (fixation) without touching that account's others", async () => {
    const attacker = await makeAgency("Attacker Agency");
    const planted = await startSession(attacker.userId);
    const attackersOwn = await startSession(attacker.userId);
    const victim = await startSession(owner.userId, browser(planted));
    expect(await validateSession(idOf(planted))).toBeNull();
    expect((await validateSession(idOf(victim)))?.user.id).toBe(owner.userId);
    expect((await validateSession(idOf(attackersOwn)))?.user.id).toBe(attacker.userId);
  });

  it("clears the user's dead sessions on the way", async () => {
    const user = await makeAgency("Housekeeping Agency");
    const idle = await startSession(user.userId);
    await db.session.update({ where: { id: idOf(idle) }, data: { lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS - HOUR) } });
    const live = await startSession(user.userId);
    await startSession(user.userId);
    const ids = (await sessionRows(user.userId)).map((r) => r.id);
    expect(ids).not.toContain(idOf(idle));
    expect(ids).toContain(idOf(live));
  });
});

describe("inactivity", () => {
  it(`ends a session unused for more than ${IDLE_TIMEOUT_MS / HOUR} hours, though its expiry is weeks away`, async () => {
    const id = idOf(await startSession(owner.userId));
    const row = await db.session.findUniqueOrThrow({ where: { id } });
    expect(await validateSession(id, at(row.lastSeenAt, IDLE_TIMEOUT_MS - 60_000))).not.toBeNull();
    // That use moved lastSeenAt on: idleness counts from the last use.
    const seen = (await db.session.findUniqueOrThrow({ where: { id } })).lastSeenAt;
    expect(seen.getTime()).toBe(row.lastSeenAt.getTime() + IDLE_TIMEOUT_MS - 60_000);
    expect(await validateSession(id, at(seen, IDLE_TIMEOUT_MS + 1000))).toBeNull();
    expect(await db.session.count({ where: { id } })).toBe(0);
  });

  it("sends a browser whose session went idle to the login page and clears its cookie", async () => {
    const cookie = await startSession(owner.userId, browser());
    await db.session.update({ where: { id: idOf(cookie) }, data: { lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS - 1000) } });
    expect(await getUser(browser(cookie))).toBeNull();
    const thrown = await requireUser(browser(cookie, "/a/sessions-agency/links?page=2")).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    const response = thrown as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/a/sessions-agency/links?page=2")}`);
    expect(response.headers.get("Set-Cookie")).toMatch(/^portal_session=; .*Max-Age=0/);
    // A browser with no cookie at all is just sent to log in.
    const bare = (await requireUser(browser()).catch((e: unknown) => e)) as Response;
    expect(bare.headers.get("Set-Cookie")).toBeNull();
  });

  it(`writes the last use at most every ${LAST_SEEN_RESOLUTION_MS / 60_000} minutes`, async () => {
    const id = idOf(await startSession(owner.userId));
    const created = (await db.session.findUniqueOrThrow({ where: { id } })).lastSeenAt;
    await validateSession(id, at(created, LAST_SEEN_RESOLUTION_MS - 1000));
    expect((await db.session.findUniqueOrThrow({ where: { id } })).lastSeenAt).toEqual(created);
    await validateSession(id, at(created, LAST_SEEN_RESOLUTION_MS));
    expect((await db.session.findUniqueOrThrow({ where: { id } })).lastSeenAt).toEqual(at(created, LAST_SEEN_RESOLUTION_MS));
  });
});

describe("absolute expiry", () => {
  it("ends a session at its expiry however recently it was used, and never extends it", async () => {
    const id = idOf(await startSession(owner.userId));
    const { expiresAt } = await db.session.findUniqueOrThrow({ where: { id } });
    // Used every six hours for thirty days: never idle, never extended.
    let t = Date.now() + 6 * HOUR;
    for (; t < expiresAt.getTime(); t += 6 * HOUR) {
      expect(await validateSession(id, new Date(t))).not.toBeNull();
    }
    expect((await db.session.findUniqueOrThrow({ where: { id } })).expiresAt).toEqual(expiresAt);
    expect(await validateSession(id, new Date(t))).toBeNull();
    expect(await db.session.count({ where: { id } })).toBe(0);
  });

  it("refuses a session whose expiry has passed in real time", async () => {
    const cookie = await startSession(owner.userId);
    await db.session.update({ where: { id: idOf(cookie) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getUser(browser(cookie))).toBeNull();
  });

  it("purges expired and idle sessions of everyone, keeping live ones", async () => {
    const live = idOf(await startSession(owner.userId));
    const expired = idOf(await startSession(owner.userId));
    const idle = idOf(await startSession(owner.userId));
    await db.session.update({ where: { id: expired }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await db.session.update({ where: { id: idle }, data: { lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS - 1000) } });
    expect(await purgeDeadSessions()).toBeGreaterThanOrEqual(2);
    const left = (await sessionRows(owner.userId)).map((r) => r.id);
    expect(left).toContain(live);
    expect(left).not.toContain(expired);
    expect(left).not.toContain(idle);
  });
});

describe("log out other sessions", () => {
  it("leaves only the current session, records it for each agency, and spares other accounts", async () => {
    const user = await makeAgency("Two Desks Agency");
    const second = await makeAgency("Second Agency");
    await db.membership.create({ data: { agencyId: second.agencyId, userId: user.userId, role: "MEMBER" } });
    const laptop = idOf(await startSession(user.userId, browser()));
    const phone = idOf(await startSession(user.userId));
    const tablet = idOf(await startSession(user.userId));
    const someoneElse = idOf(await startSession(second.userId));

    const listed = await listSessions(user.userId, laptop);
    expect(listed).toHaveLength(3);
    expect(listed[0]).toMatchObject({ current: true, userAgent: META.userAgent });
    expect(listed.filter((s) => s.current)).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(phone); // ids are secrets: never listed

    expect(await logOutOtherSessions(staff(user), laptop, META)).toBe(2);
    expect((await sessionRows(user.userId)).map((r) => r.id)).toEqual([laptop]);
    expect(await validateSession(phone)).toBeNull();
    expect(await validateSession(tablet)).toBeNull();
    expect(await validateSession(laptop)).not.toBeNull();
    expect(await validateSession(someoneElse)).not.toBeNull();

    const events = await db.event.findMany({ where: { type: "auth.sessions_revoked", actorId: user.userId } });
    expect(events.map((e) => e.agencyId).sort()).toEqual([user.agencyId, second.agencyId].sort());
    expect(JSON.parse(events[0]!.details)).toEqual({ sessionsEnded: 2, reason: "log_out_others" });
    expect(events[0]!.ipHash).toBe(hashIp(META.ip));

    // Nothing left to end: no event.
    expect(await logOutOtherSessions(staff(user), laptop, META)).toBe(0);
    expect(await db.event.count({ where: { type: "auth.sessions_revoked", actorId: user.userId } })).toBe(2);
  });
});

describe("changing the password", () => {
  const change = (currentPassword: string, next: string) =>
    ChangePasswordSchema.parse({ currentPassword, newPassword: next, confirmPassword: next });
  const login = (email: string, password: string) => logIn(LoginSchema.parse({ email, password }));

  it("refuses a wrong current password with a field error and changes nothing", async () => {
    const user = await makeAgency("Wrong Password Agency");
    const sessions = [idOf(await startSession(user.userId)), idOf(await startSession(user.userId))];
    const before = await db.user.findUniqueOrThrow({ where: { id: user.userId } });
    const events = await db.event.count();

    const result = await changePassword(staff(user), change("not my password", "a brand new password"), META);
    expect(result).toEqual({ ok: false, fieldErrors: { currentPassword: ["That is not your current password."] } });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.userId } })).passwordHash).toBe(before.passwordHash);
    expect((await sessionRows(user.userId)).map((r) => r.id).sort()).toEqual([...sessions].sort());
    expect(await db.event.count()).toBe(events);
    expect((await login(user.email, PASSWORD)).ok).toBe(true);
  });

  it("ends every session, issues one new session, and swaps the password", async () => {
    const user = await makeAgency("New Password Agency");
    const second = await makeAgency("Other Agency");
    await db.membership.create({ data: { agencyId: second.agencyId, userId: user.userId, role: "ADMIN" } });
    const here = idOf(await startSession(user.userId, browser()));
    const elsewhere = idOf(await startSession(user.userId));

    const result = await changePassword(staff(user), change(PASSWORD, "a brand new password"), META);
    if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
    expect(result.sessionsEnded).toBe(2);
    expect(await validateSession(here)).toBeNull();
    expect(await validateSession(elsewhere)).toBeNull();
    expect(idOf(result.cookie)).toBe(result.sessionId);
    expect((await validateSession(result.sessionId))?.user.id).toBe(user.userId);
    expect((await sessionRows(user.userId)).map((r) => r.id)).toEqual([result.sessionId]);
    expect(await db.session.findUniqueOrThrow({ where: { id: result.sessionId } })).toMatchObject({
      userAgent: META.userAgent,
      ipHash: hashIp(META.ip),
    });

    expect(await login(user.email, PASSWORD)).toEqual({ ok: false });
    expect((await login(user.email, "a brand new password")).ok).toBe(true);

    for (const type of ["auth.password_changed", "auth.sessions_revoked"]) {
      const events = await db.event.findMany({ where: { type, actorId: user.userId } });
      expect(events.map((e) => e.agencyId).sort()).toEqual([user.agencyId, second.agencyId].sort());
    }
    const revoked = await db.event.findFirstOrThrow({ where: { type: "auth.sessions_revoked", actorId: user.userId } });
    expect(JSON.parse(revoked.details)).toEqual({ sessionsEnded: 2, reason: "password_changed" });
  });

  it("lets only one of two simultaneous changes through", async () => {
    const user = await makeAgency("Race Agency");
    const results = await Promise.all([
      changePassword(staff(user), change(PASSWORD, "first new password"), META),
      changePassword(staff(user), change(PASSWORD, "second new password"), META),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db.event.count({ where: { type: "auth.password_changed", actorId: user.userId } })).toBe(1);
  });

  it("asks for a new password that differs from the current one and is typed twice alike", () => {
    const flat = (input: Record<string, string>) => ChangePasswordSchema.safeParse(input).error?.flatten().fieldErrors;
    expect(flat({ currentPassword: PASSWORD, newPassword: "another password", confirmPassword: "another passw0rd" })).toEqual({
      confirmPassword: ["The two new passwords are not the same"],
    });
    expect(flat({ currentPassword: PASSWORD, newPassword: PASSWORD, confirmPassword: PASSWORD })).toEqual({
      newPassword: ["Choose a password different from your current one"],
    });
    expect(flat({ currentPassword: "", newPassword: "short", confirmPassword: "short" })).toMatchObject({
      currentPassword: ["Enter your current password"],
      newPassword: ["Use at least 10 characters"],
    });
  });
});

describe("logging out", () => {
  it("ends this session only", async () => {
    const a = await startSession(owner.userId);
    const b = await startSession(owner.userId);
    expect(await endSession(browser(a))).toMatch(/Max-Age=0/);
    expect(await validateSession(idOf(a))).toBeNull();
    expect(await validateSession(idOf(b))).not.toBeNull();
  });
});
