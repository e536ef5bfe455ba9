// Issue 16, the staff side: the language of a client's page and emails is chosen in Settings (the
// agency's), on the client and on each new link (preset from the client, then the agency), kept by a
// reissue, refused beside its field when it is not one of ours; and what the client did on the link
// page (forwarded it, said Hotjar looks different, who confirmed) reaches the link's page and the dashboard.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";

import { startSession } from "~/modules/auth/auth.server";
import { getDashboard } from "~/modules/dashboard/dashboard.server";
import { db } from "~/modules/db/db.server";
import type { FormFailure } from "~/modules/http/forms.server";
import { forwardLink, reportStepsDifferent } from "~/modules/links/client-help.server";
import { completeLink } from "~/modules/links/link-page.server";
import { reissueLink } from "~/modules/links/links.server";
import { action as editClient } from "~/routes/a.$agency.clients.$clientId";
import { action as newClient } from "~/routes/a.$agency.clients.new";
import { loader as linkLoader } from "~/routes/a.$agency.links.$linkId";
import { action as newLinkAction, loader as newLinkLoader } from "~/routes/a.$agency.links.new";
import { action as settingsAction } from "~/routes/a.$agency.settings";

import { makeAgency, makeClient, makeLink, META, SITE_A, type TestAgency } from "./helpers";

let agency: TestAgency;
let slug: string;
let cookie: string;

beforeAll(async () => {
  agency = await makeAgency("Lingua Agency");
  slug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;
  cookie = (await startSession(agency.userId)).split(";")[0]!;
});

type Route = (args: ActionFunctionArgs) => Promise<unknown>;

async function post(route: Route, path: string, fields: Record<string, string>, params: Record<string, string> = {}) {
  const request = new Request(`http://localhost:3000/a/${slug}${path}`, {
    method: "POST",
    headers: { Cookie: cookie },
    body: new URLSearchParams(fields),
  });
  return (await route({ request, params: { agency: slug, ...params }, context: {} } as ActionFunctionArgs)) as Response;
}

async function load<T>(route: (args: LoaderFunctionArgs) => Promise<unknown>, path: string, params: Record<string, string> = {}) {
  const request = new Request(`http://localhost:3000/a/${slug}${path}`, { headers: { Cookie: cookie } });
  return (await (
    (await route({ request, params: { agency: slug, ...params }, context: {} } as LoaderFunctionArgs)) as Response
  ).json()) as T;
}

const SETTINGS = {
  name: "Lingua Agency",
  accentColor: "",
  granteeEmail: "analytics@lingua.example",
  defaultLifetimeDays: "7",
  defaultRole: "VIEWER",
  reviewIntervalDays: "90",
  notificationEmail: "",
};
const saveSettings = (fields: Record<string, string>) => post(settingsAction, "/settings", { ...SETTINGS, ...fields });
const agencyLocale = async () => (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).locale;
const clientFields = (locale: string) => ({
  intent: "save",
  name: "Hola Tienda",
  contactName: "Carmen Cliente",
  contactEmail: "carmen@hola-tienda.example",
  hotjarOrganizationId: "",
  locale,
  "sites[0].hotjarSiteId": SITE_A,
  "sites[0].name": "hola-tienda.example",
  "sites[0].url": "",
});
const linkFields = (clientId: string, locale?: string) => ({
  clientId,
  role: "VIEWER",
  siteMode: "named",
  siteIds: SITE_A,
  granteeEmail: "analytics@lingua.example",
  recipientEmail: "carmen@hola-tienda.example",
  reason: "Checkout heatmaps",
  lifetimeValue: "7",
  lifetimeUnit: "days",
  accessEndsOn: "",
  ...(locale === undefined ? {} : { locale }),
});
const linkIdOf = (response: Response) => new URL(response.headers.get("Location")!, "http://x").pathname.split("/").at(-1)!;
const linkLocale = async (id: string) => (await db.onboardingLink.findUniqueOrThrow({ where: { id } })).locale;

describe("the agency's language (Settings)", () => {
  it("is saved, recorded as a change, and empty means automatic again", async () => {
    const saved = await saveSettings({ locale: "fr" });
    expect(saved.status).toBe(302);
    expect(await agencyLocale()).toBe("fr");
    const event = await db.event.findFirstOrThrow({
      where: { agencyId: agency.agencyId, type: "settings.updated" },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(event.details).changes.locale).toEqual({ from: null, to: "fr" });

    expect((await saveSettings({ locale: "" })).status).toBe(302);
    expect(await agencyLocale()).toBeNull();
  });

  it.each(["klingon", "EN", "es-MX", "<script>"])("refuses %j beside the field and changes nothing", async (bad) => {
    await saveSettings({ locale: "de" });
    const response = await saveSettings({ locale: bad });
    expect(response.status).toBe(400);
    const body = (await response.json()) as FormFailure;
    expect(body.fieldErrors).toEqual({ locale: ["Choose one of the listed languages"] });
    expect(await agencyLocale()).toBe("de");
  });
});

describe("a client's language", () => {
  it("is saved on create and edit; empty follows the agency; a bad one is refused beside the field", async () => {
    const created = await post(newClient, "/clients/new", clientFields("es"));
    expect(created.status).toBe(302);
    const clientId = created.headers.get("Location")!.split("/").at(-1)!;
    expect((await db.client.findUniqueOrThrow({ where: { id: clientId } })).locale).toBe("es");

    const bad = await post(editClient, `/clients/${clientId}`, clientFields("xx"), { clientId });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as FormFailure).fieldErrors).toEqual({ locale: ["Choose one of the listed languages"] });
    expect((await db.client.findUniqueOrThrow({ where: { id: clientId } })).locale).toBe("es");

    expect((await post(editClient, `/clients/${clientId}`, clientFields(""), { clientId })).status).toBe(302);
    expect((await db.client.findUniqueOrThrow({ where: { id: clientId } })).locale).toBeNull();
  });
});

describe("a new link's language", () => {
  type NewLinkForm = { clients: { id: string; defaultLocale: string }[] };

  it("starts as the client's, else the agency's, else automatic (the form's preset and createLink alike)", async () => {
    await saveSettings({ locale: "nl" });
    const spanish = linkIdOf(await post(newClient, "/clients/new", clientFields("es")));
    const follows = linkIdOf(await post(newClient, "/clients/new", { ...clientFields(""), name: "Dutch Default" }));
    const form = await load<NewLinkForm>(newLinkLoader, "/links/new");
    expect(form.clients.find((c) => c.id === spanish)?.defaultLocale).toBe("es");
    expect(form.clients.find((c) => c.id === follows)?.defaultLocale).toBe("nl");

    // Not asked (a caller that does not know the field): the same default.
    expect(await linkLocale((await makeLink(agency, spanish)).id)).toBe("es");
    expect(await linkLocale((await makeLink(agency, follows)).id)).toBe("nl");

    await saveSettings({ locale: "" });
    expect((await load<NewLinkForm>(newLinkLoader, "/links/new")).clients.find((c) => c.id === follows)?.defaultLocale).toBe("");
    expect(await linkLocale((await makeLink(agency, follows)).id)).toBeNull();
  });

  it("is what staff picked on the form, automatic included; a bad one is refused beside the field", async () => {
    const client = await makeClient(agency, "Picked Language Shop");
    const picked = await post(newLinkAction, "/links/new", linkFields(client.id, "pt"));
    expect(picked.status).toBe(302);
    expect(await linkLocale(linkIdOf(picked))).toBe("pt");

    await saveSettings({ locale: "de" });
    const automatic = await post(newLinkAction, "/links/new", linkFields(client.id, ""));
    expect(await linkLocale(linkIdOf(automatic))).toBeNull();
    await saveSettings({ locale: "" });

    const links = await db.onboardingLink.count({ where: { clientId: client.id } });
    const bad = await post(newLinkAction, "/links/new", linkFields(client.id, "fr-CA"));
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as FormFailure;
    expect(body.fieldErrors.locale).toEqual(["Choose one of the listed languages"]);
    expect(body.values.locale).toBe("fr-CA");
    expect(await db.onboardingLink.count({ where: { clientId: client.id } })).toBe(links);
  });

  it("is kept by a reissue, and the link's page shows it in its own words", async () => {
    const client = await makeClient(agency, "Reissued Shop");
    const linkId = linkIdOf(await post(newLinkAction, "/links/new", linkFields(client.id, "es")));
    await db.onboardingLink.update({ where: { id: linkId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await reissueLink(agency.agencyId, linkId, agency.actor, 5);
    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: linkId } });
    expect(row.tokenVersion).toBe(2);
    expect(row.locale).toBe("es");

    const page = await load<{ link: { locale: string | null } }>(linkLoader, `/links/${linkId}`, { linkId });
    expect(page.link.locale).toBe("es");
  });
});

describe("what the client did, on the link's page and the dashboard", () => {
  type LinkPage = {
    forwards: { email: string; name: string | null; at: string }[];
    reports: { text: string; at: string }[];
    confirmedBy: { name: string; email: string; at: string } | null;
    events: { words: { sentence: string } }[];
  };

  it("shows each forward, each report and who finally confirmed", async () => {
    const client = await makeClient(agency, "Forwarding Foods");
    const link = await makeLink(agency, client.id);
    const forward = { colleagueEmail: "ana@client.example", colleagueName: "Ana", fromName: "Casey Client", note: null };
    expect(await forwardLink(link.token, forward, META)).toEqual({ ok: true });
    expect(await forwardLink(link.token, { ...forward, colleagueEmail: "ops@client.example", colleagueName: null }, META)).toEqual({
      ok: true,
    });
    expect(await reportStepsDifferent(link.token, "There is no Invite Members in my menu", META)).toEqual({ ok: true });

    let page = await load<LinkPage>(linkLoader, `/links/${link.id}`, { linkId: link.id });
    expect(page.forwards.map((f) => [f.email, f.name])).toEqual([
      ["ana@client.example", "Ana"],
      ["ops@client.example", null],
    ]);
    expect(page.reports.map((r) => r.text)).toEqual(["There is no Invite Members in my menu"]);
    expect(page.confirmedBy).toBeNull();
    const sentences = page.events.map((e) => e.words.sentence);
    expect(sentences).toContain("Casey Client forwarded the request to Ana <ana@client.example>");
    expect(sentences).toContain("The client says Hotjar looks different: “There is no Invite Members in my menu”");

    // The colleague opens the same link and confirms under their own name.
    const done = await completeLink(link.token, { clientName: "Ana Admin", clientEmail: "ana@client.example", siteIds: [SITE_A] }, META);
    expect(done.ok).toBe(true);
    page = await load<LinkPage>(linkLoader, `/links/${link.id}`, { linkId: link.id });
    expect(page.confirmedBy).toMatchObject({ name: "Ana Admin", email: "ana@client.example" });
  });

  it("lists the recent reports on the dashboard with their client and link, and only the agency's own", async () => {
    const client = await makeClient(agency, "Reporting Retail");
    const link = await makeLink(agency, client.id);
    await reportStepsDifferent(link.token, "My Hotjar shows a Team tab, not Invite Members", META);
    const other = await makeAgency("Other Agency");
    const otherLink = await makeLink(other, (await makeClient(other, "Not Ours")).id);
    await reportStepsDifferent(otherLink.token, "Someone else's words", META);

    const { stepsReports } = await getDashboard(agency.agencyId);
    expect(stepsReports[0]).toMatchObject({
      linkId: link.id,
      clientName: "Reporting Retail",
      text: "My Hotjar shows a Team tab, not Invite Members",
    });
    expect(stepsReports.map((r) => r.text)).not.toContain("Someone else's words");
    // Older than the dashboard's window: gone from it, still on the link's page.
    const later = new Date(Date.now() + 31 * 24 * 3600 * 1000);
    expect((await getDashboard(agency.agencyId, later)).stepsReports.map((r) => r.linkId)).not.toContain(link.id);
  });
});
