// Login and sign-up through their route actions: a limited attempt answers 429 with Retry-After
// and the form's message, says nothing about whether the account exists, checks no password and
// creates nothing.
import type { ActionFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";

import { auditFailedLogins } from "~/modules/auth/failed-logins.server";
import { db } from "~/modules/db/db.server";
import type { FormFailure } from "~/modules/http/forms.server";
import { consume, LIMITS } from "~/modules/security/rate-limit.server";
import { action as loginAction } from "~/routes/login";
import { action as signupAction } from "~/routes/signup";

import { makeAgency, type TestAgency } from "./helpers";

const PASSWORD = "correct horse battery"; // makeAgency's
let owner: TestAgency;
let ipCounter = 0;
/** Each test its own address, so one test's count never limits another's. */
const newIp = () => `192.0.2.${++ipCounter}`;

beforeAll(async () => {
  owner = await makeAgency("Limits Agency");
});

function post(path: string, ip: string, fields: Record<string, string>) {
  return new Request(`http://localhost:3000${path}`, {
    method: "POST",
    headers: { "x-portal-client-ip": ip, "user-agent": "Mozilla/5.0 Firefox/128.0" },
    body: new URLSearchParams(fields),
  });
}

const args = (request: Request) => ({ request, params: {}, context: {} }) as ActionFunctionArgs;
const login = (ip: string, email: string, password: string) => loginAction(args(post("/login", ip, { email, password })));

async function failure(response: Response) {
  return (await response.json()) as FormFailure;
}

async function freshOwner() {
  return makeAgency(`Agency ${++ipCounter}`);
}

describe("login per account", () => {
  it("the eleventh wrong password is refused with 429 and Retry-After, before the password is checked", async () => {
    const ip = newIp();
    const account = await freshOwner();
    for (let i = 0; i < LIMITS.loginAccount.points; i++) {
      const response = await login(ip, account.email, "wrong password");
      expect(response.status).toBe(400);
      expect((await failure(response)).formError).toBe("Email or password is incorrect.");
    }
    await auditFailedLogins();
    const failedEvents = await db.event.count({ where: { actorId: account.userId, type: "auth.login_failed" } });
    expect(failedEvents).toBe(LIMITS.loginAccount.points);

    const limited = await login(ip, account.email, "wrong password");
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(LIMITS.loginAccount.duration - 60);
    expect(retryAfter).toBeLessThanOrEqual(LIMITS.loginAccount.duration);
    expect(await failure(limited)).toEqual({
      ok: false,
      fieldErrors: {},
      formError: "Too many attempts, try again in 15 minutes.",
      values: { email: account.email },
    });
    // Not checked, so not recorded as a failed login.
    await auditFailedLogins();
    expect(await db.event.count({ where: { actorId: account.userId, type: "auth.login_failed" } })).toBe(failedEvents);

    // Even the right password waits: no session is started.
    const sessions = await db.session.count({ where: { userId: account.userId } });
    const right = await login(newIp(), account.email, PASSWORD);
    expect(right.status).toBe(429);
    expect(await db.session.count({ where: { userId: account.userId } })).toBe(sessions);
  });

  it("answers an unknown email exactly as a known one: same status, same message", async () => {
    const known = await freshOwner();
    const unknown = `nobody-${ipCounter}@agency.example`;
    const answers: { status: number; body: FormFailure }[] = [];
    for (const email of [known.email, unknown]) {
      const ip = newIp();
      for (let i = 0; i < LIMITS.loginAccount.points; i++) await login(ip, email, "wrong password");
      const response = await login(ip, email, "wrong password");
      answers.push({ status: response.status, body: await failure(response) });
    }
    expect(answers[0]!.status).toBe(429);
    expect(answers[1]!.status).toBe(429);
    expect({ ...answers[0]!.body, values: {} }).toEqual({ ...answers[1]!.body, values: {} });
  });

  it("counts the account across addresses and email case", async () => {
    const account = await freshOwner();
    for (let i = 0; i < LIMITS.loginAccount.points; i++)
      await login(newIp(), i % 2 ? account.email.toUpperCase() : account.email, "wrong password");
    expect((await login(newIp(), account.email, "wrong password")).status).toBe(429);
  });

  it("a successful login clears the account's count", async () => {
    const ip = newIp();
    const account = await freshOwner();
    for (let i = 0; i < LIMITS.loginAccount.points - 1; i++) await login(ip, account.email, "wrong password");
    const ok = await login(ip, account.email, PASSWORD);
    expect(ok.status).toBe(302);
    for (let i = 0; i < LIMITS.loginAccount.points; i++) expect((await login(ip, account.email, "wrong password")).status).toBe(400);
    expect((await login(ip, account.email, "wrong password")).status).toBe(429);
  });
});

describe("login per IP", () => {
  it("after 50 attempts from one address, any account is refused there, and not elsewhere", async () => {
    const ip = newIp();
    for (let i = 0; i < LIMITS.loginIp.points; i++) expect(await consume("loginIp", ip)).toEqual({ ok: true });
    const refused = await login(ip, owner.email, PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    // The per-account count was not touched by the refused attempt.
    expect((await login(newIp(), owner.email, PASSWORD)).status).toBe(302);
  });
});

describe("sign-up per IP", () => {
  const form = (n: number) => ({
    name: "Sam Staff",
    email: `signup-${n}-${Date.now()}@agency.example`,
    password: "correct horse battery",
    agencyName: `Signup Agency ${n}`,
  });
  const signup = (ip: string, fields: Record<string, string>) => signupAction(args(post("/signup", ip, fields)));

  it("the eleventh sign-up from one address in an hour is refused, keeps what was typed, and creates nothing", async () => {
    const ip = newIp();
    for (let i = 0; i < LIMITS.signupIp.points; i++) expect(await consume("signupIp", ip)).toEqual({ ok: true });
    const users = await db.user.count();
    const agencies = await db.agency.count();

    const fields = form(1);
    const refused = await signup(ip, fields);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(LIMITS.signupIp.duration - 60);
    const { password: _password, ...typed } = fields;
    expect(await failure(refused)).toEqual({
      ok: false,
      fieldErrors: {},
      formError: "Too many attempts, try again in 60 minutes.",
      values: typed,
    });
    expect(await db.user.count()).toBe(users);
    expect(await db.agency.count()).toBe(agencies);

    // Another address signs up as usual.
    expect((await signup(newIp(), fields)).status).toBe(302);
  });

  it("counts real sign-ups", async () => {
    const ip = newIp();
    for (let i = 0; i < LIMITS.signupIp.points - 1; i++) await consume("signupIp", ip);
    expect((await signup(ip, form(2))).status).toBe(302);
    expect((await signup(ip, form(3))).status).toBe(429);
  });
});
