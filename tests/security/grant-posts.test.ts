// The client's form posts through the real Express app (server/grant-posts.ts, docs/decisions/026):
// a grant is completed before Remix and answered like the route's action; everything else
// reaches the route with the body the server already read, and a grant the server already tried
// is not tried again: the route draws its outcome.
import "./support/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/modules/db/db.server";
import { startAppServer, type TestServer } from "../support/app-server";
import { eventsOf, makeAgency, makeClient, makeLink, SITE_A, type TestAgency } from "../integration/helpers";
import { fullBuild } from "./support/full-build";

const UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0";
let server: TestServer;
let agency: TestAgency;
let clientId: string;

beforeAll(async () => {
  server = await startAppServer((await fullBuild()).build);
  agency = await makeAgency("Grant Posts Agency");
  clientId = (await makeClient(agency)).id;
});
afterAll(() => server?.close());

function post(token: string, fields: [string, string][] | string) {
  return fetch(`${server.url}/l/${token}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.origin, "User-Agent": UA, "Content-Type": "application/x-www-form-urlencoded" },
    body: typeof fields === "string" ? fields : new URLSearchParams(fields).toString(),
  });
}

const grant = (extra: [string, string][] = []): [string, string][] => [
  ["intent", "grant"], ["clientName", "Casey Client"], ["clientEmail", "casey@acme-shoes.example"], ["siteIds", SITE_A], ...extra,
];

describe("grant posts", () => {
  it("a grant completes the link and answers 302 to the link page, once", async () => {
    const link = await makeLink(agency, clientId);
    const response = await post(link.token, grant());
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/l/${link.token}`);
    expect((await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).status).toBe("COMPLETED");
    expect(await db.grant.findMany({ where: { linkId: link.id }, select: { hotjarSiteId: true, grantedByName: true, status: true } })).toEqual([
      { hotjarSiteId: SITE_A, grantedByName: "Casey Client", status: "INVITED" },
    ]);
    const [event] = await eventsOf(link.id, "link.completed");
    expect(event?.actorLabel).toBe("Casey Client <casey@acme-shoes.example>");
    expect(await db.outboundEmail.count({ where: { linkId: link.id, template: "agency-notification" } })).toBeGreaterThan(0);

    // Again: refused by the server's try, drawn by the route, nothing written twice.
    const again = await post(link.token, grant());
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await again.text()).toContain("This link has already been completed.");
    expect(await db.grant.count({ where: { linkId: link.id } })).toBe(1);
    expect(await eventsOf(link.id, "link.completed")).toHaveLength(1);
  });

  it("a field error is drawn by the route from the body the server read, with what was typed", async () => {
    const link = await makeLink(agency, clientId);
    const response = await post(link.token, [["intent", "grant"], ["clientName", "Casey Typo"], ["clientEmail", "not-an-email"], ["siteIds", SITE_A]]);
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain("Casey Typo");
    expect(page).toMatch(/email/i);
    expect((await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).status).not.toBe("COMPLETED");
  });

  it("other intents reach the route with the body the server read", async () => {
    const link = await makeLink(agency, clientId);
    const response = await post(link.token, [["intent", "decline"], ["reason", "Not this quarter"]]);
    expect(response.status).toBe(302);
    const stored = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(stored.status).toBe("DECLINED");
    expect(stored.declineReason).toBe("Not this quarter");
  });

  it("a post too large for the server's reading is read by the route itself", async () => {
    const link = await makeLink(agency, clientId);
    // Over the server's 16 kB: an unknown field the schema ignores.
    const response = await post(link.token, grant([["padding", "x".repeat(20_000)]]));
    expect(response.status).toBe(302);
    expect((await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).status).toBe("COMPLETED");
  });
});
