// Finding 6 (issue 13): the account page's "change password" form checked the current password
// with no attempt limit (30 guesses in 2 s). It now counts every check as a login does, against
// the same budgets (docs/decisions/018): the account's, shared with the login form, and the
// address's. Over real HTTP: Express, Remix and the real account and login routes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { consume, LIMITS } from "~/modules/security/rate-limit.server";
import * as accountRoute from "~/routes/account";
import * as loginRoute from "~/routes/login";

import { makeAgency, type TestAgency } from "../integration/helpers";
import { startAppServer, type TestServer } from "../support/app-server";
import { testBuild } from "../support/remix-build";
import { sessionCookieFor } from "./support/session";

// One proxy hop in front (server/app.ts): each test sends from its own address, so one test's
// count of the per-address limit never reaches another's.
process.env.TRUST_PROXY = "1";

const PASSWORD = "correct horse battery"; // makeAgency's
const WRONG = "not my password at all";
const NEW_PASSWORD = "a brand new passphrase";
const NOT_CURRENT = "That is not your current password.";
const TOO_MANY = "Too many attempts, try again in 15 minutes.";

let server: TestServer;
let address = 0;
const newIp = () => `203.0.113.${++address}`;

type Account = TestAgency & { cookie: string; ip: string };

async function account(): Promise<Account> {
  const agency = await makeAgency(`Account Agency ${address}`);
  return { ...agency, cookie: await sessionCookieFor(agency.userId), ip: newIp() };
}

function post(path: string, who: { ip: string; cookie?: string }, fields: Record<string, string>) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      Origin: server.origin,
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Forwarded-For": who.ip,
      ...(who.cookie ? { Cookie: who.cookie } : {}),
    },
    body: new URLSearchParams(fields),
  });
}

const changePassword = (who: Account, currentPassword: string, ip = who.ip) =>
  post(
    "/account",
    { ip, cookie: who.cookie },
    { intent: "changePassword", currentPassword, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
  );
const logIn = (who: Account, password: string) => post("/login", { ip: who.ip }, { email: who.email, password });

async function expectWrong(response: Response) {
  expect(response.status).toBe(400);
  expect(await response.text()).toContain(NOT_CURRENT);
}

async function expectLimited(response: Response) {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(LIMITS.loginAccount.duration);
  const body = await response.text();
  expect(body).toContain(TOO_MANY);
  expect(body).not.toContain(NOT_CURRENT);
}

const passwordHashOf = async (who: Account) => (await db.user.findUniqueOrThrow({ where: { id: who.userId } })).passwordHash;

beforeAll(async () => {
  server = await startAppServer(
    testBuild([
      { id: "routes/account", path: "account", module: accountRoute as unknown as Record<string, unknown> },
      { id: "routes/login", path: "login", module: loginRoute as unknown as Record<string, unknown> },
    ]),
  );
});
afterAll(() => server?.close());

describe("finding 6: no attempt limit on the current password", () => {
  it("past the account's budget, a guess is refused with 429, Retry-After and the form's message, and the right password waits too", async () => {
    const me = await account();
    for (let i = 0; i < LIMITS.loginAccount.points; i++) await expectWrong(await changePassword(me, WRONG));
    const before = await passwordHashOf(me);

    const limited = await changePassword(me, WRONG);
    await expectLimited(limited);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(LIMITS.loginAccount.duration - 60);
    // From another address as well: the count is the account's.
    await expectLimited(await changePassword(me, WRONG, newIp()));
    // The right password is not checked either: nothing changes, the session lives on.
    await expectLimited(await changePassword(me, PASSWORD));
    expect(await passwordHashOf(me)).toBe(before);
    expect(await db.session.count({ where: { userId: me.userId } })).toBe(1);
  });

  it("guesses at the login form and at the account page share one budget", async () => {
    const me = await account();
    const half = LIMITS.loginAccount.points / 2;
    for (let i = 0; i < half; i++) expect((await logIn(me, WRONG)).status).toBe(400);
    for (let i = 0; i < half; i++) await expectWrong(await changePassword(me, WRONG));
    await expectLimited(await changePassword(me, WRONG));
    expect((await logIn(me, PASSWORD)).status).toBe(429);
  });

  it("a successful change clears the account's count", async () => {
    const me = await account();
    for (let i = 0; i < LIMITS.loginAccount.points - 1; i++) await expectWrong(await changePassword(me, WRONG));
    const changed = await changePassword(me, PASSWORD);
    expect(changed.status).toBe(302);
    // Every session ended but this browser's new one.
    const renewed = { ...me, cookie: changed.headers.get("set-cookie")!.split(";")[0]! };
    for (let i = 0; i < LIMITS.loginAccount.points; i++) await expectWrong(await changePassword(renewed, WRONG));
    await expectLimited(await changePassword(renewed, WRONG));
  });

  it("an address past the login budget is refused here too, for any account", async () => {
    const me = await account();
    for (let i = 0; i < LIMITS.loginIp.points; i++) expect(await consume("loginIp", me.ip)).toEqual({ ok: true });
    const before = await passwordHashOf(me);
    await expectLimited(await changePassword(me, PASSWORD));
    expect(await passwordHashOf(me)).toBe(before);
    // Another address goes on.
    await expectWrong(await changePassword(me, WRONG, newIp()));
  });
});
