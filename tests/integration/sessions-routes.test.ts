// The session rules as the routes apply them: login and sign-up rotate the session, /account
// lists sessions and changes the password, and the agency pages refuse an ended session.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";

import { startSession } from "~/modules/auth/auth.server";
import { validateSession } from "~/modules/auth/sessions.server";
import { db } from "~/modules/db/db.server";
import { loader as agencyLoader } from "~/routes/a.$agency";
import { action as accountAction, loader as accountLoader } from "~/routes/account";
import { action as loginAction } from "~/routes/login";
import { action as signupAction } from "~/routes/signup";

import { flashOf, makeAgency, META, type TestAgency } from "./helpers";

const PASSWORD = "correct horse battery"; // makeAgency's
const ORIGIN = "http://localhost:3000";

function request(path: string, cookie?: string | null, form?: Record<string, string>): Request {
  const headers: Record<string, string> = { "user-agent": META.userAgent, "x-portal-client-ip": META.ip, Origin: ORIGIN };
  if (cookie) headers.Cookie = cookie.split(";")[0]!;
  return form
    ? new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: new URLSearchParams(form) })
    : new Request(`${ORIGIN}${path}`, { headers });
}
const idOf = (setCookie: string | null) => setCookie!.split(";")[0]!.split("=")[1]!;
const args = (r: Request, params: Record<string, string> = {}) =>
  ({ request: r, params, context: {} }) as LoaderFunctionArgs & ActionFunctionArgs;
/** A thrown Response (redirects, AppErrors) or the returned one. */
const settle = (p: Promise<Response>) => p.catch((e: unknown) => (e instanceof Response ? e : Promise.reject(e)));

let owner: TestAgency;
let slug: string;
beforeAll(async () => {
  owner = await makeAgency("Routes Agency");
  slug = (await db.agency.findUniqueOrThrow({ where: { id: owner.agencyId } })).slug;
});

describe("signing in rotates the session", () => {
  it("login ends the session the browser presented and sets a new one", async () => {
    const old = await startSession(owner.userId);
    const response = await settle(loginAction(args(request("/login", old, { email: owner.email, password: PASSWORD, redirectTo: "" }))));
    expect(response.status).toBe(302);
    const fresh = response.headers.get("Set-Cookie");
    expect(idOf(fresh)).not.toBe(idOf(old));
    expect(await validateSession(idOf(old))).toBeNull();
    expect(await db.session.findUniqueOrThrow({ where: { id: idOf(fresh) } })).toMatchObject({
      userId: owner.userId,
      userAgent: META.userAgent,
    });
  });

  it("a failed login leaves the presented session alone", async () => {
    const old = await startSession(owner.userId);
    const response = await settle(loginAction(args(request("/login", old, { email: owner.email, password: "wrong password" }))));
    expect(response.status).toBe(400);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect(await validateSession(idOf(old))).not.toBeNull();
  });

  it("sign-up ends a session the browser presented", async () => {
    const old = await startSession(owner.userId);
    const response = await settle(
      signupAction(
        args(
          request("/signup", old, {
            name: "Nia New",
            email: `new-${Date.now()}@agency.example`,
            password: "a long enough password",
            agencyName: "Fresh Agency",
            granteeEmail: "",
          }),
        ),
      ),
    );
    expect(response.status).toBe(302);
    expect(await validateSession(idOf(old))).toBeNull();
    expect(await validateSession(idOf(response.headers.get("Set-Cookie")))).not.toBeNull();
  });
});

describe("an ended session on an agency page", () => {
  it("is sent to log in, with its cookie cleared", async () => {
    const cookie = await startSession(owner.userId);
    expect((await settle(agencyLoader(args(request(`/a/${slug}`, cookie), { agency: slug })))).status).toBe(200);
    await db.session.update({ where: { id: idOf(cookie) }, data: { lastSeenAt: new Date(Date.now() - 13 * 3600_000) } });
    const response = await settle(agencyLoader(args(request(`/a/${slug}`, cookie), { agency: slug })));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`/a/${slug}`)}`);
    expect(response.headers.get("Set-Cookie")).toMatch(/^portal_session=;/);
  });
});

describe("/account", () => {
  it("lists the live sessions, marks this one, and never shows a session id", async () => {
    const user = await makeAgency("Listing Agency");
    const here = await startSession(user.userId, request("/login"));
    const other = await startSession(user.userId);
    const idle = await startSession(user.userId);
    await db.session.update({ where: { id: idOf(idle) }, data: { lastSeenAt: new Date(Date.now() - 13 * 3600_000) } });
    const response = await settle(accountLoader(args(request("/account", here))));
    expect(response.status).toBe(200);
    const body = await response.text();
    for (const id of [here, other, idle].map(idOf)) expect(body).not.toContain(id);
    const data = JSON.parse(body);
    expect(data.user).toEqual({ name: "Olivia Owner", email: user.email });
    expect(data.sessions).toHaveLength(2);
    expect(data.sessions[0]).toMatchObject({ current: true, userAgent: META.userAgent });
    expect(data.sessions[1]).toMatchObject({ current: false, userAgent: null });
    expect(data.agencies).toEqual([{ name: "Listing Agency", slug: "listing-agency", role: "OWNER" }]);
    // The staff frame of the first agency, with the Owner's menu.
    expect(data.frame).toEqual({
      agency: { name: "Listing Agency", slug: "listing-agency" },
      show: { mailbox: true, team: true, audit: true, settings: true },
    });
  });

  it("keeps a Member's menu to a Member's sections, and has no agency frame for a user in no agency", async () => {
    const owner = await makeAgency("Framed Agency");
    const member = await makeAgency("Member Home");
    await db.membership.delete({ where: { agencyId_userId: { agencyId: member.agencyId, userId: member.userId } } });
    const alone = await settle(accountLoader(args(request("/account", await startSession(member.userId)))));
    expect((await alone.json()).frame).toBeNull();
    await db.membership.create({ data: { agencyId: owner.agencyId, userId: member.userId, role: "MEMBER" } });
    const framed = await (await settle(accountLoader(args(request("/account", await startSession(member.userId)))))).json();
    expect(framed.frame).toEqual({
      agency: { name: "Framed Agency", slug: "framed-agency" },
      show: { mailbox: true, team: false, audit: false, settings: false },
    });
  });

  it("sends a visitor without a session to log in", async () => {
    const response = await settle(accountLoader(args(request("/account"))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
  });

  it("logs out the other sessions", async () => {
    const user = await makeAgency("Others Agency");
    const here = await startSession(user.userId);
    const other = await startSession(user.userId);
    const response = await settle(accountAction(args(request("/account", here, { intent: "logOutOthers" }))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account");
    expect(await flashOf(response)).toEqual({ kind: "success", message: "1 other session was logged out." });
    expect(await validateSession(idOf(other))).toBeNull();
    expect(await validateSession(idOf(here))).not.toBeNull();
  });

  it("puts a wrong current password beside its field, echoes no password, and changes nothing", async () => {
    const user = await makeAgency("Field Error Agency");
    const here = await startSession(user.userId);
    const hash = (await db.user.findUniqueOrThrow({ where: { id: user.userId } })).passwordHash;
    const response = await settle(
      accountAction(
        args(
          request("/account", here, {
            intent: "changePassword",
            currentPassword: "wrong guess here",
            newPassword: "a brand new password",
            confirmPassword: "a brand new password",
          }),
        ),
      ),
    );
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({
      ok: false,
      fieldErrors: { currentPassword: ["That is not your current password."] },
      values: {},
    });
    expect(body).not.toContain("a brand new password");
    expect(body).not.toContain("wrong guess here");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.userId } })).passwordHash).toBe(hash);
    expect(await validateSession(idOf(here))).not.toBeNull();
  });

  it("shows schema errors beside their fields", async () => {
    const here = await startSession(owner.userId);
    const response = await settle(
      accountAction(
        args(
          request("/account", here, {
            intent: "changePassword",
            currentPassword: "",
            newPassword: "short",
            confirmPassword: "different",
          }),
        ),
      ),
    );
    expect(response.status).toBe(400);
    const data = await response.json();
    expect(Object.keys(data.fieldErrors).sort()).toEqual(["confirmPassword", "currentPassword", "newPassword"]);
    expect(data.values).toEqual({});
  });

  it("changes the password, ends every session and sets a new cookie for this browser", async () => {
    const user = await makeAgency("Change Agency");
    const here = await startSession(user.userId);
    const other = await startSession(user.userId);
    const response = await settle(
      accountAction(
        args(
          request("/account", here, {
            intent: "changePassword",
            currentPassword: PASSWORD,
            newPassword: "a brand new password",
            confirmPassword: "a brand new password",
          }),
        ),
      ),
    );
    // A redirect, so that without JavaScript the page is loaded again with the new session.
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account");
    expect(await flashOf(response)).toEqual({ kind: "success", message: "Password changed. 1 other session was logged out." });
    const fresh = response.headers.getSetCookie().find((c) => c.startsWith("portal_session="))!;
    expect(fresh).not.toMatch(/Max-Age/);
    expect(await validateSession(idOf(here))).toBeNull();
    expect(await validateSession(idOf(other))).toBeNull();
    expect((await validateSession(idOf(fresh)))?.user.id).toBe(user.userId);
    const page = await (await settle(accountLoader(args(request("/account", fresh))))).json();
    expect(page.sessions).toHaveLength(1);
  });

  it("answers an unknown intent with 400", async () => {
    const here = await startSession(owner.userId);
    const response = await settle(accountAction(args(request("/account", here, { intent: "dropTables" }))));
    expect(response.status).toBe(400);
  });
});
