// Issue 18, item 6: the reusable intake link, over real HTTP (server/app.ts and Remix with the
// real route modules). A visitor's arrival makes one client and one link marked with the intake
// link and lands on the normal client page; wrong fields make nothing and say which; the per-IP
// and per-day limits refuse with 429 and a page to read; a switched-off link is 410 for good;
// another agency's staff cannot see or switch it off; a bot filling the honeypot gets nothing.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";

import { startSession } from "~/modules/auth/auth.server";
import { ClientSchema } from "~/modules/clients/schemas";
import { db } from "~/modules/db/db.server";
import { createIntakeLink, disableIntakeLink, reopenIntakeLink } from "~/modules/intake/intake.server";
import { ArrivalSchema, HONEYPOT_FIELD, IntakeLinkSchema, MAX_INTAKE_LIFETIME_DAYS } from "~/modules/intake/schemas";
import { CreateLinkSchema, MAX_LIFETIME_HOURS } from "~/modules/links/schemas";
import { LIMITS } from "~/modules/security/rate-limit.server";
import * as dashboardRoute from "~/routes/a.$agency._index";
import * as clientRoute from "~/routes/a.$agency.clients.$clientId";
import * as intakeListRoute from "~/routes/a.$agency.intake-links._index";
import * as intakeRoute from "~/routes/a.$agency.intake-links.$intakeId";
import * as linkRoute from "~/routes/a.$agency.links.$linkId";
import * as intakePageRoute from "~/routes/i.$publicId";
import * as linkPageRoute from "~/routes/l.$token";

import { startAppServer, type TestServer } from "../support/app-server";
import { testBuild } from "../support/remix-build";
import { makeAgency, type TestAgency } from "./helpers";

let server: TestServer;
let agency: TestAgency;
let other: TestAgency;
let ipCounter = 0;
/** Each test arrives from its own address, unless it is about one address's limit. */
const newIp = () => `198.51.100.${++ipCounter}`;

beforeAll(async () => {
  // Arrivals are counted per client address: the tests name theirs through a trusted proxy.
  const trustProxy = process.env.TRUST_PROXY;
  process.env.TRUST_PROXY = "1";
  server = await startAppServer(
    testBuild([
      { id: "routes/i.$publicId", path: "i/:publicId", module: intakePageRoute },
      { id: "routes/l.$token", path: "l/:token", module: linkPageRoute },
    ]),
  );
  if (trustProxy === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = trustProxy;
  agency = await makeAgency("Intake Agency");
  other = await makeAgency("Other Agency");
});
afterAll(() => server.close());

async function newIntake(a: TestAgency, overrides: Partial<Record<string, string>> = {}) {
  const input = IntakeLinkSchema.parse({
    name: "Website form",
    role: "VIEWER",
    locale: "",
    lifetimeDays: "7",
    reason: "Monthly conversion review of your checkout",
    dailyLimit: "50",
    ...overrides,
  });
  return createIntakeLink(a.agencyId, a.actor, input);
}

const GOOD = {
  companyName: "Acme Shoes",
  contactName: "Casey Client",
  contactEmail: "casey@acme-shoes.example",
  siteId: "https://insights.hotjar.com/site/1234567/overview",
  siteName: "acme-shoes.example",
  siteUrl: "acme-shoes.example",
};

function open(publicId: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/i/${publicId}`, { headers: { "X-Forwarded-For": newIp(), ...headers } });
}

function submit(publicId: string, fields: Record<string, string>, ip = newIp()) {
  return fetch(`${server.url}/i/${publicId}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.origin, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": ip },
    body: new URLSearchParams({ intent: "arrive", [HONEYPOT_FIELD]: "", ...fields }),
  });
}

const countsOf = async (intakeLinkId: string) => ({
  clients: await db.client.count({ where: { intakeLinkId } }),
  links: await db.onboardingLink.count({ where: { intakeLinkId } }),
});

describe("an intake link's public page", () => {
  it("makes one client and one link marked with the intake link, and sends the visitor to a working client page", async () => {
    const intake = await newIntake(agency);
    const page = await open(intake.publicId);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Intake Agency asks for access to your Hotjar site");
    expect(html).toContain("Read Only");

    const response = await submit(intake.publicId, GOOD);
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    expect(location).toMatch(/^http:\/\/localhost:3000\/l\/[A-Za-z0-9_.-]+$/);

    const client = await db.client.findFirstOrThrow({ where: { intakeLinkId: intake.id }, include: { sites: true } });
    expect(client).toMatchObject({ agencyId: agency.agencyId, name: "Acme Shoes", contactEmail: "casey@acme-shoes.example" });
    expect(client.sites.map((s) => [s.hotjarSiteId, s.name, s.url])).toEqual([
      ["1234567", "acme-shoes.example", "https://acme-shoes.example"],
    ]);
    const link = await db.onboardingLink.findFirstOrThrow({ where: { intakeLinkId: intake.id } });
    expect(link).toMatchObject({
      clientId: client.id,
      role: "VIEWER",
      recipientEmail: "casey@acme-shoes.example",
      reason: "Monthly conversion review of your checkout",
      createdById: agency.userId,
    });
    expect(await countsOf(intake.id)).toEqual({ clients: 1, links: 1 });
    const arrived = await db.event.findFirstOrThrow({ where: { type: "intake.arrived", linkId: link.id } });
    expect(arrived).toMatchObject({ agencyId: agency.agencyId, clientId: client.id, actorType: "client" });

    // The address it sends the visitor to is the client's normal page, asking for this site.
    const clientPage = await fetch(location.replace("http://localhost:3000", server.url), { headers: { "X-Forwarded-For": newIp() } });
    expect(clientPage.status).toBe(200);
    const text = await clientPage.text();
    expect(text).toContain("Intake Agency");
    expect(text).toContain("1234567");
  });

  it("makes nothing from wrong fields and says which, next to each field", async () => {
    const intake = await newIntake(agency);
    const response = await submit(intake.publicId, { ...GOOD, companyName: "", contactEmail: "not-an-email", siteId: "abc" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Enter your company’s name");
    expect(html).toContain("Enter a valid email address, like name@example.com");
    expect(html).toContain("Enter the site ID as digits (e.g. 1234567), or paste the site’s Hotjar address");
    expect(html).not.toContain("Enter your name<");
    // What was typed stays in the form.
    expect(html).toContain('value="Casey Client"');
    expect(await countsOf(intake.id)).toEqual({ clients: 0, links: 0 });
  });

  it(`refuses an address's arrival after ${LIMITS.intakeIp.points} in a day with 429 and a page saying when to try again`, async () => {
    const intake = await newIntake(agency);
    const ip = newIp();
    for (let i = 0; i < LIMITS.intakeIp.points; i++) {
      expect((await submit(intake.publicId, { ...GOOD, companyName: `Shop ${i}` }, ip)).status).toBe(303);
    }
    const refused = await submit(intake.publicId, { ...GOOD, companyName: "One too many" }, ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toMatch(/Too many requests from your network today\. Try again in \d+ hours?\./);
    expect(await countsOf(intake.id)).toEqual({ clients: LIMITS.intakeIp.points, links: LIMITS.intakeIp.points });
    // Another address still arrives.
    expect((await submit(intake.publicId, { ...GOOD, companyName: "Elsewhere" })).status).toBe(303);
  });

  it("refuses arrivals beyond the intake link's daily limit with 429, from any address", async () => {
    const intake = await newIntake(agency, { dailyLimit: "2" });
    expect((await submit(intake.publicId, GOOD)).status).toBe(303);
    expect((await submit(intake.publicId, GOOD)).status).toBe(303);
    const refused = await submit(intake.publicId, GOOD);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("Intake Agency has received as many requests through this link as it takes in a day");
    expect(await countsOf(intake.id)).toEqual({ clients: 2, links: 2 });
  });

  it("answers 410 once switched off, to a visit and to the form, and makes nothing", async () => {
    const intake = await newIntake(agency);
    await disableIntakeLink(agency.agencyId, intake.id, agency.actor);
    const page = await open(intake.publicId);
    expect(page.status).toBe(410);
    const html = await page.text();
    expect(html).toContain("This link is no longer in use");
    expect(html).toContain("Ask Intake Agency for a new one.");
    expect(html).not.toContain('name="companyName"');
    expect((await submit(intake.publicId, GOOD)).status).toBe(410);
    expect(await countsOf(intake.id)).toEqual({ clients: 0, links: 0 });
  });

  it("switched on again, it is a new address with the same defaults; the old one stays dead", async () => {
    const intake = await newIntake(agency, { name: "Leaked form", dailyLimit: "7" });
    await disableIntakeLink(agency.agencyId, intake.id, agency.actor);
    const again = await reopenIntakeLink(agency.agencyId, intake.id, agency.actor);
    expect(again.publicId).not.toBe(intake.publicId);
    expect(again).toMatchObject({ name: "Leaked form", dailyLimit: 7, reason: intake.reason, disabledAt: null });
    expect((await open(intake.publicId)).status).toBe(410);
    expect((await open(again.publicId)).status).toBe(200);
    expect((await submit(again.publicId, GOOD)).status).toBe(303);
  });

  it("answers 404 to an address no intake link has", async () => {
    expect((await open("x".repeat(32))).status).toBe(404);
    expect((await submit("x".repeat(32), GOOD)).status).toBe(404);
  });

  it("refuses a bot that fills in the hidden field without a word, and makes nothing", async () => {
    const intake = await newIntake(agency);
    const response = await submit(intake.publicId, { ...GOOD, [HONEYPOT_FIELD]: "https://spam.example" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/i/${intake.publicId}`);
    expect(await countsOf(intake.id)).toEqual({ clients: 0, links: 0 });
  });

  it("names the hidden field so no browser autofill fills it: a visitor whose browser adds a website still gets their link", async () => {
    const intake = await newIntake(agency);
    const html = await (await open(intake.publicId)).text();
    expect(html).toMatch(/<input[^>]*name="hp_fax_extension"[^>]*tabindex="-1"[^>]*autocomplete="off"/i);
    expect(html).not.toMatch(/name="website"/);
    // What an autofill of a "website" field would have sent.
    const response = await submit(intake.publicId, { ...GOOD, website: "https://acme-shoes.example" });
    expect(response.headers.get("location")).toMatch(/\/l\//);
    expect(await countsOf(intake.id)).toEqual({ clients: 1, links: 1 });
  });

  it("speaks the visitor's language (Accept-Language), or the one the intake link names", async () => {
    const auto = await newIntake(agency);
    const spanish = await (await open(auto.publicId, { "Accept-Language": "es-ES,es;q=0.9" })).text();
    expect(spanish).toContain("Intake Agency solicita acceso a tu sitio de Hotjar");
    const german = await newIntake(agency, { locale: "de" });
    const page = await (await open(german.publicId, { "Accept-Language": "es-ES,es;q=0.9" })).text();
    expect(page).toContain("Intake Agency bittet um Zugriff auf Ihre Hotjar-Website");
  });
});

describe("another agency's staff", () => {
  async function cookieOf(userId: string) {
    return (await startSession(userId)).split(";")[0]!;
  }

  async function call<T extends "loader" | "action">(
    kind: T,
    slug: string,
    intakeId: string,
    cookie: string,
    fields?: Record<string, string>,
  ) {
    const url = `http://localhost:3000/a/${slug}/intake-links/${intakeId}`;
    const request = fields
      ? new Request(url, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) })
      : new Request(url, { headers: { Cookie: cookie } });
    const args = { request, params: { agency: slug, intakeId }, context: {} } as LoaderFunctionArgs & ActionFunctionArgs;
    try {
      return (await (kind === "loader" ? intakeRoute.loader(args) : intakeRoute.action(args))) as Response;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  }

  it("can neither see nor switch off this agency's intake link (404), and it keeps working", async () => {
    const intake = await newIntake(agency);
    const otherSlug = (await db.agency.findUniqueOrThrow({ where: { id: other.agencyId } })).slug;
    const cookie = await cookieOf(other.userId);
    expect((await call("loader", otherSlug, intake.id, cookie)).status).toBe(404);
    const off = await call("action", otherSlug, intake.id, cookie, { intent: "disable", confirmed: "yes" });
    expect(off.status).toBe(404);
    expect((await db.intakeLink.findUniqueOrThrow({ where: { id: intake.id } })).disabledAt).toBeNull();
    expect((await open(intake.publicId)).status).toBe(200);

    // Its own staff can: the check above is about the agency, not the route.
    const ownSlug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;
    const own = await call("action", ownSlug, intake.id, await cookieOf(agency.userId), { intent: "disable", confirmed: "yes" });
    expect(own.status).toBe(302);
    expect((await open(intake.publicId)).status).toBe(410);
  });
});

describe("the agency's staff", () => {
  async function load(loader: (args: LoaderFunctionArgs) => unknown, path: string, params: Record<string, string>, as = agency) {
    const cookie = (await startSession(as.userId)).split(";")[0]!;
    const request = new Request(`http://localhost:3000${path}`, { headers: { Cookie: cookie } });
    const response = (await loader({ request, params, context: {} } as LoaderFunctionArgs)) as Response;
    expect(response.status).toBe(200);
    return response.json() as Promise<Record<string, unknown>>;
  }

  it("see the arrival on the dashboard, and the link's and the client's pages name the intake link", async () => {
    const intake = await newIntake(agency, { name: "Proposal footer" });
    expect((await submit(intake.publicId, { ...GOOD, companyName: "Dashboard Shoes" })).status).toBe(303);
    const link = await db.onboardingLink.findFirstOrThrow({ where: { intakeLinkId: intake.id } });
    const slug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;

    const dashboard = await load(dashboardRoute.loader, `/a/${slug}`, { agency: slug });
    const arrivals = dashboard.intakeArrivals as { id: string; intakeName: string; client: { name: string } }[];
    expect(arrivals.find((a) => a.id === link.id)).toMatchObject({ intakeName: "Proposal footer", client: { name: "Dashboard Shoes" } });

    const linkPage = await load(linkRoute.loader, `/a/${slug}/links/${link.id}`, { agency: slug, linkId: link.id });
    expect(linkPage.intakeName).toBe("Proposal footer");
    const clientPage = await load(clientRoute.loader, `/a/${slug}/clients/${link.clientId}`, { agency: slug, clientId: link.clientId });
    expect(clientPage.intakeName).toBe("Proposal footer");
  });

  it("read the newest intake links when there are more than 200: the newest one's arrival is on the dashboard, the list says it is capped", async () => {
    const busy = await makeAgency("Busy Agency");
    const slug = (await db.agency.findUniqueOrThrow({ where: { id: busy.agencyId } })).slug;
    const lastMonth = Date.now() - 30 * 24 * 3600 * 1000;
    await db.intakeLink.createMany({
      data: Array.from({ length: 200 }, (_, i) => ({
        agencyId: busy.agencyId,
        name: `Old form ${i}`,
        publicId: `old${String(i).padStart(29, "0")}`.slice(0, 32) + busy.agencyId.slice(-4),
        reason: "Monthly conversion review",
        createdById: busy.userId,
        createdAt: new Date(lastMonth + i * 1000),
      })),
    });
    const newest = await newIntake(busy, { name: "Newest form" });
    expect((await submit(newest.publicId, { ...GOOD, companyName: "Newest Shoes" })).status).toBe(303);

    const dashboard = await load(dashboardRoute.loader, `/a/${slug}`, { agency: slug }, busy);
    const arrivals = dashboard.intakeArrivals as { intakeName: string; client: { name: string } }[];
    expect(arrivals).toMatchObject([{ intakeName: "Newest form", client: { name: "Newest Shoes" } }]);

    const list = await load(intakeListRoute.loader, `/a/${slug}/intake-links`, { agency: slug }, busy);
    const intakes = list.intakes as { name: string }[];
    expect(intakes).toHaveLength(200);
    expect(intakes[0]!.name).toBe("Newest form");
    expect(list.capped).toBe(200);
  });
});

describe("the rules an intake link shares with links and clients", () => {
  // The same value answers the same on the intake forms as on the link and client forms.
  const firstMessage = (schema: z.ZodTypeAny, value: unknown) => {
    const result = schema.safeParse(value);
    return result.success ? "ok" : result.error.issues[0]!.message;
  };
  const linkFields = CreateLinkSchema.innerType().innerType().shape;
  const clientFields = ClientSchema.innerType().shape;

  it.each([
    ["reason", "ab"],
    ["reason", "x".repeat(501)],
    ["reason", "Monthly conversion review"],
  ])("an intake link's %s is a link's (%#)", (_, value) => {
    expect(firstMessage(IntakeLinkSchema.shape.reason, value)).toBe(firstMessage(linkFields.reason, value));
  });

  it.each(["abc", "2.5", "0", "-1"])("an intake link's lifetime in days refuses %s as a link's lifetime does", (days) => {
    expect(firstMessage(IntakeLinkSchema.shape.lifetimeDays, days)).toBe(firstMessage(linkFields.lifetimeValue, days));
  });

  it("takes up to a link's longest life in days", () => {
    expect(MAX_INTAKE_LIFETIME_DAYS * 24).toBe(MAX_LIFETIME_HOURS);
    expect(firstMessage(IntakeLinkSchema.shape.lifetimeDays, String(MAX_INTAKE_LIFETIME_DAYS))).toBe("ok");
    expect(firstMessage(IntakeLinkSchema.shape.lifetimeDays, String(MAX_INTAKE_LIFETIME_DAYS + 1))).not.toBe("ok");
  });

  it.each([
    ["companyName", "name", ""],
    ["companyName", "name", "x".repeat(101)],
    ["contactName", "contactName", "   "],
    ["contactName", "contactName", "y".repeat(101)],
  ] as const)("an arrival's %s is a client's %s (%#)", (arrival, client, value) => {
    expect(firstMessage(ArrivalSchema.shape[arrival], value)).toBe(firstMessage(clientFields[client], value));
  });
});
