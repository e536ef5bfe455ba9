// Two-factor sign-in (issue 17, item 3): set-up confirmed by a code computed here from the stored
// secret, codes accepted once per step with one step of drift, single-use recovery codes, and the
// login's second step with its own attempt limit.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Secret, TOTP } from "otpauth";
import { beforeEach, describe, expect, it } from "vitest";

import { validateSession } from "~/modules/auth/sessions.server";
import {
  confirmSetup,
  currentSetup,
  disableTwoFactor,
  pendingSetup,
  regenerateRecoveryCodes,
  verifySecondFactor,
} from "~/modules/auth/two-factor.server";
import { db } from "~/modules/db/db.server";
import { LIMITS } from "~/modules/security/rate-limit.server";
import { action as loginAction } from "~/routes/login";
import { action as secondStepAction, loader as secondStepLoader } from "~/routes/login_.two-factor";

import { makeAgency, META, type TestAgency } from "./helpers";

const PASSWORD = "correct horse battery"; // makeAgency's
const ORIGIN = "http://localhost:3000";

/** The code an authenticator app would show at `at`, from the secret the database holds. */
async function codeAt(userId: string, at: Date): Promise<string> {
  const { totpSecret } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpSecret: true } });
  return new TOTP({ secret: Secret.fromBase32(totpSecret!), digits: 6, period: 30, algorithm: "SHA1" }).generate({
    timestamp: at.getTime(),
  });
}

const user = (a: TestAgency) => ({ id: a.userId, email: a.email });

/** An owner with two-factor sign-in on at `at`; returns the recovery codes. */
async function enable(a: TestAgency, at = new Date()): Promise<string[]> {
  await pendingSetup(user(a));
  const result = await confirmSetup(user(a), await codeAt(a.userId, at), at);
  if (!result.ok) throw new Error(result.message);
  return result.recoveryCodes;
}

let owner: TestAgency;
beforeEach(async () => {
  owner = await makeAgency("Two Factor Agency");
});

describe("set-up", () => {
  it("keeps the secret until a first right code turns it on, with 10 recovery codes stored hashed", async () => {
    expect(await currentSetup(user(owner))).toBeNull();
    const setup = await pendingSetup(user(owner));
    expect((await currentSetup(user(owner)))?.secret).toBe(setup.secret);
    expect(setup.qrSvg).toContain("<svg");
    expect(setup.otpauthUri).toContain(`secret=${setup.secret}`);
    // The same secret on a second visit: a scanned QR code stays valid.
    expect((await pendingSetup(user(owner))).secret).toBe(setup.secret);
    expect(await db.user.findUniqueOrThrow({ where: { id: owner.userId } })).toMatchObject({
      totpSecret: setup.secret,
      totpEnabledAt: null,
    });

    const wrong = await confirmSetup(user(owner), "000000");
    expect(wrong.ok).toBe(false);
    const codes = await enable(owner);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await db.recoveryCode.findMany({ where: { userId: owner.userId } });
    expect(stored).toHaveLength(10);
    for (const code of codes) expect(stored.map((r) => r.codeHash)).not.toContain(code);
    expect(await db.event.count({ where: { agencyId: owner.agencyId, type: "auth.two_factor_enabled" } })).toBe(1);
  });
});

describe("verifySecondFactor", () => {
  it("accepts a code once per time step: the same code again is refused", async () => {
    const t0 = new Date("2026-06-01T10:00:00Z");
    await enable(owner, t0);
    const later = new Date(t0.getTime() + 5 * 60_000);
    const code = await codeAt(owner.userId, later);
    expect(await verifySecondFactor(owner.userId, code, later)).toEqual({ ok: true, kind: "totp" });
    expect(await verifySecondFactor(owner.userId, code, new Date(later.getTime() + 1000))).toEqual({ ok: false });
  });

  it("allows one step of drift either way, not two", async () => {
    const t0 = new Date("2026-06-01T10:00:00Z");
    await enable(owner, t0);
    const now = new Date(t0.getTime() + 10 * 60_000);
    expect(await verifySecondFactor(owner.userId, await codeAt(owner.userId, new Date(now.getTime() - 60_000)), now)).toEqual({
      ok: false,
    });
    expect(await verifySecondFactor(owner.userId, await codeAt(owner.userId, new Date(now.getTime() - 30_000)), now)).toMatchObject({
      ok: true,
    });
    const next = new Date(now.getTime() + 30_000);
    expect(await verifySecondFactor(owner.userId, await codeAt(owner.userId, next), now)).toMatchObject({ ok: true });
    // The step just accepted is the newest: an older code, even within the window, no longer works.
    expect(await verifySecondFactor(owner.userId, await codeAt(owner.userId, now), now)).toEqual({ ok: false });
  });

  it("a recovery code works once, whatever its case and dashes, and the event says so", async () => {
    const codes = await enable(owner);
    const typed = codes[3]!.toUpperCase().replace(/-/g, " ");
    expect(await verifySecondFactor(owner.userId, typed)).toEqual({ ok: true, kind: "recovery" });
    expect(await verifySecondFactor(owner.userId, codes[3]!)).toEqual({ ok: false });
    expect(await verifySecondFactor(owner.userId, codes[4]!)).toEqual({ ok: true, kind: "recovery" });
    expect(await db.event.count({ where: { agencyId: owner.agencyId, type: "auth.recovery_code_used" } })).toBe(2);
  });

  it("refuses everything for an account without two-factor sign-in", async () => {
    await pendingSetup(user(owner));
    expect(await verifySecondFactor(owner.userId, await codeAt(owner.userId, new Date()))).toEqual({ ok: false });
  });

  it("new recovery codes replace the old ones; turning off needs a current code", async () => {
    const t0 = new Date("2026-06-01T10:00:00Z");
    const old = await enable(owner, t0);
    const t1 = new Date(t0.getTime() + 60_000);
    expect(await regenerateRecoveryCodes(user(owner), "123456", t1)).toMatchObject({ ok: false });
    const fresh = await regenerateRecoveryCodes(user(owner), await codeAt(owner.userId, t1), t1);
    if (!fresh.ok) throw new Error(fresh.message);
    expect(await verifySecondFactor(owner.userId, old[0]!)).toEqual({ ok: false });
    expect(await verifySecondFactor(owner.userId, fresh.recoveryCodes[0]!)).toMatchObject({ ok: true });

    const t2 = new Date(t1.getTime() + 60_000);
    expect(await disableTwoFactor(user(owner), "000000", t2)).toMatchObject({ ok: false });
    expect(await disableTwoFactor(user(owner), await codeAt(owner.userId, t2), t2)).toEqual({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: owner.userId } })).toMatchObject({ totpSecret: null, totpEnabledAt: null });
    expect(await db.recoveryCode.count({ where: { userId: owner.userId } })).toBe(0);
    const types = (await db.event.findMany({ where: { agencyId: owner.agencyId, type: { startsWith: "auth." } } })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["auth.recovery_codes_regenerated", "auth.two_factor_disabled"]));
  });
});

describe("login with two-factor sign-in", () => {
  let ip = 0;
  function request(path: string, cookies: string[], form?: Record<string, string>): Request {
    const headers: Record<string, string> = {
      "user-agent": META.userAgent,
      "x-portal-client-ip": `198.51.100.${++ip % 250}`,
      Origin: ORIGIN,
    };
    if (cookies.length) headers.Cookie = cookies.map((c) => c.split(";")[0]).join("; ");
    return form
      ? new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: new URLSearchParams(form) })
      : new Request(`${ORIGIN}${path}`, { headers });
  }
  const args = (r: Request) => ({ request: r, params: {}, context: {} }) as LoaderFunctionArgs & ActionFunctionArgs;
  const settle = (p: Promise<Response>) => p.catch((e: unknown) => (e instanceof Response ? e : Promise.reject(e)));
  const sessionIdOf = (response: Response) =>
    response.headers
      .getSetCookie()
      .find((c) => c.startsWith("portal_session="))
      ?.split(";")[0]!
      .split("=")[1];

  async function password(redirectTo = "") {
    const response = await settle(loginAction(args(request("/login", [], { email: owner.email, password: PASSWORD, redirectTo }))));
    expect(response.status).toBe(302);
    return response;
  }
  const pendingOf = (response: Response) => response.headers.getSetCookie().filter((c) => c.startsWith("portal_2fa_pending="));

  it("a right password starts no session; the code does, with twoFactorAt and the redirect kept", async () => {
    await enable(owner, new Date(Date.now() - 120_000));
    const first = await password("/a/somewhere/clients");
    expect(first.headers.get("Location")).toBe(`/login/two-factor?redirectTo=${encodeURIComponent("/a/somewhere/clients")}`);
    expect(sessionIdOf(first)).toBeUndefined();
    const pending = pendingOf(first);
    expect(pending).toHaveLength(1);
    expect(await db.session.count({ where: { userId: owner.userId } })).toBe(0);

    // Without the pending cookie, the second step sends the browser back to the password.
    const bare = await settle(secondStepLoader(args(request("/login/two-factor", []))));
    expect(bare.headers.get("Location")).toBe("/login");

    const wrong = await settle(
      secondStepAction(args(request("/login/two-factor", pending, { code: "000000", redirectTo: "/a/somewhere/clients" }))),
    );
    expect(wrong.status).toBe(400);
    expect(await db.session.count({ where: { userId: owner.userId } })).toBe(0);

    const code = await codeAt(owner.userId, new Date());
    const ok = await settle(secondStepAction(args(request("/login/two-factor", pending, { code, redirectTo: "/a/somewhere/clients" }))));
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/a/somewhere/clients");
    const sessionId = sessionIdOf(ok)!;
    expect(await validateSession(sessionId)).not.toBeNull();
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).twoFactorAt).not.toBeNull();
    const login = await db.event.findFirstOrThrow({ where: { agencyId: owner.agencyId, type: "auth.login" } });
    expect(JSON.parse(String(login.details))).toMatchObject({ twoFactor: "totp" });
  });

  it("a recovery code signs in once; the same code is refused the second time", async () => {
    const codes = await enable(owner);
    const pending = pendingOf(await password());
    const ok = await settle(secondStepAction(args(request("/login/two-factor", pending, { code: codes[0]! }))));
    expect(ok.status).toBe(302);
    expect(sessionIdOf(ok)).toBeDefined();
    const again = pendingOf(await password());
    const refused = await settle(secondStepAction(args(request("/login/two-factor", again, { code: codes[0]! }))));
    expect(refused.status).toBe(400);
    expect(sessionIdOf(refused)).toBeUndefined();
  });

  it(`after ${LIMITS.twoFactorUser.points} wrong codes the account is limited, even with the right code`, async () => {
    await enable(owner, new Date(Date.now() - 120_000));
    const pending = pendingOf(await password());
    for (let i = 0; i < LIMITS.twoFactorUser.points; i++) {
      const r = await settle(secondStepAction(args(request("/login/two-factor", pending, { code: "111111" }))));
      expect(r.status).toBe(400);
    }
    const code = await codeAt(owner.userId, new Date());
    const limited = await settle(secondStepAction(args(request("/login/two-factor", pending, { code }))));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await db.session.count({ where: { userId: owner.userId } })).toBe(0);
  });

  it("an account without two-factor sign-in still logs in with the password alone", async () => {
    const response = await password();
    expect(sessionIdOf(response)).toBeDefined();
    expect(pendingOf(response)).toHaveLength(0);
  });
});
