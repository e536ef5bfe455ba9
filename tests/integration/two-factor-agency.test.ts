// Agencies that require two-factor sign-in (issue 17, item 4): only an Owner changes the setting
// (and only with 2FA on themselves), a member without 2FA is sent to set it up before any of the
// agency's pages, and the team page shows who has it.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Secret, TOTP } from "otpauth";
import { beforeEach, describe, expect, it } from "vitest";

import { startSession } from "~/modules/auth/auth.server";
import { confirmSetup, pendingSetup } from "~/modules/auth/two-factor.server";
import { db } from "~/modules/db/db.server";
import { loader as agencyLoader } from "~/routes/a.$agency";
import { loader as clientsLoader } from "~/routes/a.$agency.clients._index";
import { action as settingsAction, loader as settingsLoader } from "~/routes/a.$agency.settings";
import { loader as teamLoader } from "~/routes/a.$agency.team";
import { action as setupAction, loader as setupLoader } from "~/routes/account_.two-factor";

import { makeAgency, META, type TestAgency } from "./helpers";

const ORIGIN = "http://localhost:3000";

function request(path: string, cookie: string, form?: Record<string, string>): Request {
  const headers = { "user-agent": META.userAgent, "x-portal-client-ip": META.ip, Origin: ORIGIN, Cookie: cookie.split(";")[0]! };
  return form
    ? new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: new URLSearchParams(form) })
    : new Request(`${ORIGIN}${path}`, { headers });
}
const args = (r: Request, params: Record<string, string> = {}) =>
  ({ request: r, params, context: {} }) as LoaderFunctionArgs & ActionFunctionArgs;
const settle = (p: Promise<Response>) => p.catch((e: unknown) => (e instanceof Response ? e : Promise.reject(e)));

async function enable(userId: string, email: string) {
  await pendingSetup({ id: userId, email });
  const { totpSecret } = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const code = new TOTP({ secret: Secret.fromBase32(totpSecret!) }).generate();
  const result = await confirmSetup({ id: userId, email }, code);
  if (!result.ok) throw new Error(result.message);
}

let owner: TestAgency;
let slug: string;
let ownerCookie: string;
let member: { userId: string; email: string; cookie: string };
let admin: { userId: string; cookie: string };
beforeEach(async () => {
  owner = await makeAgency("Strict Agency");
  slug = (await db.agency.findUniqueOrThrow({ where: { id: owner.agencyId } })).slug;
  ownerCookie = await startSession(owner.userId);
  // Two more people of another agency who joined this one.
  const m = await makeAgency("Member Home");
  await db.membership.create({ data: { agencyId: owner.agencyId, userId: m.userId, role: "MEMBER" } });
  member = { userId: m.userId, email: m.email, cookie: await startSession(m.userId) };
  const a = await makeAgency("Admin Home");
  await db.membership.create({ data: { agencyId: owner.agencyId, userId: a.userId, role: "ADMIN" } });
  admin = { userId: a.userId, cookie: await startSession(a.userId) };
});

const requireIt = (cookie: string, on: boolean) =>
  settle(
    settingsAction(
      args(request(`/a/${slug}/settings`, cookie, { intent: "requireTwoFactor", ...(on ? { requireTwoFactor: "on" } : {}) }), {
        agency: slug,
      }),
    ),
  );
const stored = async () => (await db.agency.findUniqueOrThrow({ where: { id: owner.agencyId } })).requireTwoFactor;

describe("the setting", () => {
  it("an Admin cannot change it (403), an Owner can, once 2FA is on for them", async () => {
    await enable(admin.userId, "admin");
    expect((await requireIt(admin.cookie, true)).status).toBe(403);
    expect(await stored()).toBe(false);

    const refused = await requireIt(ownerCookie, true);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      fieldErrors: { requireTwoFactor: ["Turn on two-factor sign-in for your own account first."] },
    });
    expect(await stored()).toBe(false);

    await enable(owner.userId, owner.email);
    const saved = await requireIt(ownerCookie, true);
    expect(saved.status).toBe(302);
    expect(await stored()).toBe(true);
    const event = await db.event.findFirstOrThrow({ where: { agencyId: owner.agencyId, type: "settings.updated" } });
    expect(JSON.parse(String(event.details))).toEqual({ changes: { requireTwoFactor: { from: false, to: true } } });
  });
});

describe("a member without two-factor sign-in", () => {
  beforeEach(async () => {
    await enable(owner.userId, owner.email);
    expect((await requireIt(ownerCookie, true)).status).toBe(302);
  });

  it("is sent to set it up from every page of the agency, and the set-up page says which agency requires it", async () => {
    for (const [loader, path] of [
      [agencyLoader, `/a/${slug}`],
      [clientsLoader, `/a/${slug}/clients`],
    ] as const) {
      const response = await settle(loader(args(request(path, member.cookie), { agency: slug })) as Promise<Response>);
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(`/account/two-factor?agency=${slug}`);
    }
    const page = await settle(setupLoader(args(request(`/account/two-factor?agency=${slug}`, member.cookie))) as Promise<Response>);
    const data = await page.json();
    expect(data.requiredBy).toEqual([{ name: "Strict Agency", slug }]);
    expect(data.from).toEqual({ name: "Strict Agency", slug });
    // The page's GET makes no secret; "Set up two-factor sign-in" (a POST) does.
    expect(data.setup).toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id: member.userId } })).totpSecret).toBeNull();
    const started = await settle(setupAction(args(request(`/account/two-factor?agency=${slug}`, member.cookie, { intent: "start" }))));
    expect(started.headers.get("Location")).toBe(`/account/two-factor?agency=${slug}`);
    const after = await (
      await settle(setupLoader(args(request(`/account/two-factor?agency=${slug}`, member.cookie))) as Promise<Response>)
    ).json();
    expect(after.setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(after.setup.qrSvg).toContain("<svg");
  });

  it("gets in once 2FA is on; the Owner's own pages were never blocked", async () => {
    const ownerPage = await settle(agencyLoader(args(request(`/a/${slug}`, ownerCookie), { agency: slug })) as Promise<Response>);
    expect(ownerPage.status).toBe(200);
    await enable(member.userId, member.email);
    const response = await settle(clientsLoader(args(request(`/a/${slug}/clients`, member.cookie), { agency: slug })) as Promise<Response>);
    expect(response.status).toBe(200);
  });

  it("the team page shows who has 2FA", async () => {
    const response = await settle(teamLoader(args(request(`/a/${slug}/team`, ownerCookie), { agency: slug })) as Promise<Response>);
    const data = await response.json();
    expect(data.requireTwoFactor).toBe(true);
    expect(data.twoFactorUserIds).toEqual([owner.userId]);
  });

  it("Settings shows the choice to an Owner, and only a sentence to an Admin", async () => {
    await enable(admin.userId, "admin");
    const asOwner = await (
      await settle(settingsLoader(args(request(`/a/${slug}/settings`, ownerCookie), { agency: slug })) as Promise<Response>)
    ).json();
    expect(asOwner).toMatchObject({ canRequireTwoFactor: true, settings: { requireTwoFactor: true } });
    const asAdmin = await (
      await settle(settingsLoader(args(request(`/a/${slug}/settings`, admin.cookie), { agency: slug })) as Promise<Response>)
    ).json();
    expect(asAdmin.canRequireTwoFactor).toBe(false);
  });
});
