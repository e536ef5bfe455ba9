// The settings form (display name, accent colour, link defaults, review interval, notification
// address): saved through the service and the route's action, bad values refused with nothing written.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";

import { AgencySettingsSchema, getSettings, updateSettings } from "~/modules/agencies/settings.server";
import { startSession } from "~/modules/auth/auth.server";
import { db } from "~/modules/db/db.server";
import type { FormFailure } from "~/modules/http/forms.server";
import { openLinkPage } from "~/modules/links/link-page.server";
import { loader as newLinkLoader } from "~/routes/a.$agency.links.new";
import { action, loader } from "~/routes/a.$agency.settings";

import { flashOf, makeAgency, makeClient, makeLink, META, type TestAgency } from "./helpers";

let a: TestAgency;
let b: TestAgency;
let slugA: string;

const GOOD = {
  name: "Northwind Studio",
  accentColor: "#1F6FEB",
  granteeEmail: "Hotjar@Northwind.example",
  defaultLifetimeDays: "14",
  defaultRole: "USER",
  reviewIntervalDays: "30",
  notificationEmail: "alerts@northwind.example",
};

beforeAll(async () => {
  a = await makeAgency("Agency A");
  b = await makeAgency("Agency B");
  slugA = (await db.agency.findUniqueOrThrow({ where: { id: a.agencyId } })).slug;
});

async function cookieFor(userId: string) {
  return (await startSession(userId)).split(";")[0]!;
}

function post(cookie: string, fields: Record<string, string>, slug = slugA) {
  const request = new Request(`http://localhost:3000/a/${slug}/settings`, {
    method: "POST",
    headers: { Cookie: cookie },
    body: new URLSearchParams(fields),
  });
  return action({ request, params: { agency: slug }, context: {} } as ActionFunctionArgs);
}

const agencyRow = (id: string) => db.agency.findUniqueOrThrow({ where: { id } });
const settingsEvents = (agencyId: string) => db.event.count({ where: { agencyId, type: "settings.updated" } });

describe("updateSettings", () => {
  it("saves every field, the colour in lower case, and records what changed", async () => {
    const { changed } = await updateSettings(a.agencyId, a.actor, AgencySettingsSchema.parse(GOOD));
    expect(changed.sort()).toEqual([
      "accentColor",
      "defaultLifetimeDays",
      "defaultRole",
      "granteeEmail",
      "name",
      "notificationEmail",
      "reviewIntervalDays",
    ]);
    expect(await getSettings(a.agencyId)).toMatchObject({
      name: "Northwind Studio",
      accentColor: "#1f6feb",
      granteeEmail: "hotjar@northwind.example",
      defaultLifetimeDays: 14,
      defaultRole: "USER",
      reviewIntervalDays: 30,
      notificationEmail: "alerts@northwind.example",
    });
    const event = await db.event.findFirstOrThrow({
      where: { agencyId: a.agencyId, type: "settings.updated" },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(event.details).changes.name).toEqual({ from: "Agency A", to: "Northwind Studio" });
    expect(event.actorId).toBe(a.userId);
  });

  it("an empty colour and notification address mean the defaults (null); saving the same values records nothing", async () => {
    const input = AgencySettingsSchema.parse({ ...GOOD, accentColor: "", notificationEmail: "" });
    await updateSettings(a.agencyId, a.actor, input);
    expect(await agencyRow(a.agencyId)).toMatchObject({ accentColor: null, notificationEmail: null });
    const events = await settingsEvents(a.agencyId);
    expect((await updateSettings(a.agencyId, a.actor, input)).changed).toEqual([]);
    expect(await settingsEvents(a.agencyId)).toBe(events);
  });

  it("the New link form starts from the saved defaults; the client's page shows the name and colour", async () => {
    await updateSettings(a.agencyId, a.actor, AgencySettingsSchema.parse(GOOD));
    const request = new Request(`http://localhost:3000/a/${slugA}/links/new`, { headers: { Cookie: await cookieFor(a.userId) } });
    const form = await (await newLinkLoader({ request, params: { agency: slugA }, context: {} } as LoaderFunctionArgs)).json();
    expect(form.defaults).toEqual({ granteeEmail: "hotjar@northwind.example", role: "USER", lifetimeDays: 14 });

    const client = await makeClient(a, "Acme Shoes");
    const link = await makeLink(a, client.id);
    const view = await openLinkPage(link.token, META);
    expect(view?.agency).toEqual({ name: "Northwind Studio", logoUrl: null, accentColor: "#1f6feb" });
  });
});

describe("the settings action", () => {
  it("saves a good form for an Owner", async () => {
    const response = await post(await cookieFor(a.userId), { ...GOOD, name: "  Northwind Analytics  ", accentColor: "#00AA55" });
    // Back to the settings page, which says so.
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/a/${slugA}/settings`);
    expect(await flashOf(response)).toEqual({ kind: "success", message: "Settings saved." });
    expect(await agencyRow(a.agencyId)).toMatchObject({ name: "Northwind Analytics", accentColor: "#00aa55" });
  });

  const BAD: [string, Record<string, string>, RegExp][] = [
    ["name", { name: "N" }, /at least 2/],
    ["name", { name: "x".repeat(101) }, /under 100/],
    ["accentColor", { accentColor: "#fff" }, /six hex digits/],
    ["accentColor", { accentColor: "red" }, /six hex digits/],
    ["accentColor", { accentColor: "#12345g" }, /six hex digits/],
    ["accentColor", { accentColor: "#123456;background:url(//evil)" }, /six hex digits/],
    ["granteeEmail", { granteeEmail: "" }, /email/i],
    ["granteeEmail", { granteeEmail: "not-an-email" }, /valid email/],
    ["defaultLifetimeDays", { defaultLifetimeDays: "0" }, /Between 1 and 30/],
    ["defaultLifetimeDays", { defaultLifetimeDays: "31" }, /Between 1 and 30/],
    ["defaultLifetimeDays", { defaultLifetimeDays: "2.5" }, /whole number/],
    ["defaultLifetimeDays", { defaultLifetimeDays: "seven" }, /number of days/],
    ["defaultRole", { defaultRole: "ADMIN" }, /Viewer or User/],
    ["reviewIntervalDays", { reviewIntervalDays: "6" }, /Between 7 and 365/],
    ["reviewIntervalDays", { reviewIntervalDays: "366" }, /Between 7 and 365/],
    ["notificationEmail", { notificationEmail: "nope" }, /valid email/],
  ];

  it.each(BAD)("refuses a bad %s (%j) beside the field, keeps the values, writes nothing", async (field, bad, message) => {
    const before = await agencyRow(a.agencyId);
    const events = await settingsEvents(a.agencyId);
    const response = await post(await cookieFor(a.userId), { ...GOOD, ...bad });
    expect(response.status).toBe(400);
    const body = (await response.json()) as FormFailure;
    expect(Object.keys(body.fieldErrors)).toEqual([field]);
    expect(body.fieldErrors[field]?.[0]).toMatch(message);
    expect(body.values).toMatchObject(bad);
    expect(await agencyRow(a.agencyId)).toEqual(before);
    expect(await settingsEvents(a.agencyId)).toBe(events);
  });

  it("refuses a Member (403) and a member of another agency (404), changing nothing", async () => {
    const member = await makeAgency("Member's own agency");
    await db.membership.create({ data: { agencyId: a.agencyId, userId: member.userId, role: "MEMBER" } });
    const before = await agencyRow(a.agencyId);
    await expect(post(await cookieFor(member.userId), { ...GOOD, name: "Taken over" })).rejects.toMatchObject({ status: 403 });
    await expect(post(await cookieFor(b.userId), { ...GOOD, name: "Taken over" })).rejects.toMatchObject({ status: 404 });
    expect(await agencyRow(a.agencyId)).toEqual(before);
  });

  it("says so when nothing changed", async () => {
    await post(await cookieFor(a.userId), GOOD);
    const events = await settingsEvents(a.agencyId);
    const response = await post(await cookieFor(a.userId), GOOD);
    expect(await flashOf(response)).toEqual({ kind: "success", message: "No changes to save." });
    expect(await settingsEvents(a.agencyId)).toBe(events);
  });

  it("lets an Admin save", async () => {
    const admin = await makeAgency("Admin's own agency");
    await db.membership.create({ data: { agencyId: a.agencyId, userId: admin.userId, role: "ADMIN" } });
    const response = await post(await cookieFor(admin.userId), { ...GOOD, reviewIntervalDays: "120" });
    expect(response.status).toBe(302);
    expect((await agencyRow(a.agencyId)).reviewIntervalDays).toBe(120);
  });
});

describe("the settings page", () => {
  it("says why the logo cannot appear in emails while the portal's address is not https (issue 15, item 9)", async () => {
    const request = new Request(`http://localhost:3000/a/${slugA}/settings`, { headers: { Cookie: await cookieFor(a.userId) } });
    const page = await (await loader({ request, params: { agency: slugA }, context: {} } as LoaderFunctionArgs)).json();
    // The tests' PUBLIC_URL is http://localhost:3000.
    expect(page.emailLogoProblem).toContain("The portal's address (http://localhost:3000) is not https");
    expect(page.emailLogoProblem).toContain("emails show your agency's name instead");
  });
});
