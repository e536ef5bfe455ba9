// A list page costs a fixed number of SQL statements and returns at most one page of rows,
// whatever the agency's size: each page's route loader runs for an agency with 60 links and one
// with 400, and the statements the app sends are counted (docs/decisions/022). The app's client
// is built by this file on a recording adapter, before any app module is loaded.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { addDays, subDays } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";

import { installRecordingDb } from "../support/recording-db";

const statements = installRecordingDb();

const { db } = await import("~/modules/db/db.server");
const { startSession } = await import("~/modules/auth/auth.server");
const dashboardRoute = await import("~/routes/a.$agency._index");
const linksRoute = await import("~/routes/a.$agency.links._index");
const clientsRoute = await import("~/routes/a.$agency.clients._index");
const reviewsRoute = await import("~/routes/a.$agency.reviews");
const auditRoute = await import("~/routes/a.$agency.audit._index");
const { makeAgency, SITE_A, SITE_B } = await import("./helpers");

const PAGE = 50;
const NOW = new Date();
const STATUSES = ["PENDING", "OPENED", "COMPLETED", "DECLINED", "REVOKED"] as const;
const GRANT_STATUSES = ["INVITED", "ACTIVE", "REVOKED"] as const;
const pad = (i: number) => String(i).padStart(5, "0");
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

type Seeded = {
  slug: string;
  cookie: string;
  links: { id: string; clientId: string; status: string; expired: boolean }[];
  clientIds: string[];
  grants: { clientId: string; status: string }[];
};

/**
 * An agency with `links` links (every status, a third of the open ones expired), `clients` clients
 * of two sites each, a grant per completed link (invited, active or revoked, all due for review)
 * and an event per link. Bulk rows go in with createMany: the page under test only reads them.
 */
async function seedAgency(tag: string, links: number, clients: number): Promise<Seeded> {
  const agency = await makeAgency(`Agency ${tag}`);
  const { agencyId } = agency;
  const { slug } = await db.agency.findUniqueOrThrow({ where: { id: agencyId }, select: { slug: true } });
  const clientIds = range(clients).map((i) => `${tag}client${pad(i)}`);
  await db.client.createMany({
    data: clientIds.map((id, i) => ({
      id,
      agencyId,
      name: `Client ${pad(i)}`,
      contactName: "Casey Client",
      contactEmail: `casey${i}@client.example`,
    })),
  });
  await db.clientSite.createMany({
    data: clientIds.flatMap((clientId) =>
      [SITE_A, SITE_B].map((hotjarSiteId) => ({ agencyId, clientId, hotjarSiteId, name: `site ${hotjarSiteId}` })),
    ),
  });
  const rows = range(links).map((i) => ({
    id: `${tag}link${pad(i)}`,
    agencyId,
    clientId: clientIds[i % clients]!,
    createdById: agency.userId,
    recipientEmail: "casey@client.example",
    role: "VIEWER",
    granteeEmail: agency.granteeEmail,
    reason: "Seeded for the query-count check",
    status: STATUSES[i % STATUSES.length]!,
    expiresAt: i % 3 === 0 ? subDays(NOW, 1) : addDays(NOW, 5),
    createdAt: new Date(NOW.getTime() - (links - i) * 60_000),
  }));
  await db.onboardingLink.createMany({ data: rows });
  const grants = rows
    .filter((l) => l.status === "COMPLETED")
    .map((l, i) => {
      const status = GRANT_STATUSES[i % GRANT_STATUSES.length]!;
      return {
        agencyId,
        linkId: l.id,
        clientId: l.clientId,
        hotjarSiteId: SITE_A,
        role: "VIEWER",
        granteeEmail: agency.granteeEmail,
        grantedByName: "Casey Client",
        grantedByEmail: "casey@client.example",
        status,
        invitedAt: l.createdAt,
        reviewAt: subDays(NOW, 1),
        revokedAt: status === "REVOKED" ? l.createdAt : null,
      };
    });
  await db.grant.createMany({ data: grants });
  await db.event.createMany({
    data: rows.map((l) => ({
      agencyId,
      actorType: "staff",
      type: "link.created",
      linkId: l.id,
      clientId: l.clientId,
      createdAt: l.createdAt,
    })),
  });
  return {
    slug,
    cookie: (await startSession(agency.userId)).split(";")[0]!,
    links: rows.map((l) => ({ id: l.id, clientId: l.clientId, status: l.status, expired: l.expiresAt < NOW })),
    clientIds,
    grants,
  };
}

type Loader = (args: LoaderFunctionArgs) => Promise<Response>;

/** Runs a page's loader as the agency's owner; returns its data and the statements it sent. */
async function load<T>(route: { loader: unknown }, agency: Seeded, page: string, query = "") {
  const request = new Request(`http://localhost:3000/a/${agency.slug}${page}${query}`, { headers: { Cookie: agency.cookie } });
  const run = () => (route.loader as Loader)({ request, params: { agency: agency.slug }, context: {} } as LoaderFunctionArgs);
  // A first request may refresh the session's last-seen time: measure the second.
  await run();
  statements.length = 0;
  const response = await run();
  expect(response.status).toBe(200);
  return { data: (await response.json()) as T, statements: statements.length };
}

let small: Seeded;
let large: Seeded;

beforeAll(async () => {
  small = await seedAgency("small", 60, 55);
  large = await seedAgency("large", 400, 120);
});

type LinksPage = { items: { id: string; effectiveStatus: string }[]; nextCursor: string | null };

describe("the links list", () => {
  const variants = ["", "?status=COMPLETED", "?status=EXPIRED", "?status=OPENED", "?q=Client"];

  it.each(variants)("takes the same statements for 60 links as for 400, and returns one page (%s)", async (query) => {
    const a = await load<LinksPage>(linksRoute, small, "/links", query);
    const b = await load<LinksPage>(linksRoute, large, "/links", query);
    expect(b.statements).toBe(a.statements);
    // The page's grants (for "1 of 2 sites verified") are one more statement for all 50 rows.
    expect(b.statements).toBeLessThanOrEqual(7);
    expect(b.data.items).toHaveLength(PAGE);
    expect(b.data.nextCursor).not.toBeNull();
    expect(a.data.items.length).toBeLessThanOrEqual(PAGE);
  });

  it("pages newest first: page 2 starts after page 1, at the same cost", async () => {
    const newest = [...large.links].reverse().map((l) => l.id);
    const first = await load<LinksPage>(linksRoute, large, "/links");
    expect(first.data.items.map((l) => l.id)).toEqual(newest.slice(0, PAGE));
    const second = await load<LinksPage>(linksRoute, large, "/links", `?cursor=${first.data.nextCursor}`);
    expect(second.data.items.map((l) => l.id)).toEqual(newest.slice(PAGE, 2 * PAGE));
    expect(second.statements).toBe(first.statements);
    const last = await load<LinksPage>(
      linksRoute,
      small,
      "/links",
      `?cursor=${(await load<LinksPage>(linksRoute, small, "/links")).data.nextCursor}`,
    );
    expect(last.data.items).toHaveLength(60 - PAGE);
    expect(last.data.nextCursor).toBeNull();
    expect(last.statements).toBe(first.statements);
  });

  it("a status filter lists only that status", async () => {
    const { data } = await load<LinksPage>(linksRoute, large, "/links", "?status=EXPIRED");
    const expired = new Set(large.links.filter((l) => l.expired && (l.status === "PENDING" || l.status === "OPENED")).map((l) => l.id));
    expect(data.items.every((l) => expired.has(l.id) && l.effectiveStatus === "EXPIRED")).toBe(true);
  });
});

describe("the dashboard", () => {
  type Dashboard = { counts: Record<string, number> };
  const expected = (agency: Seeded) => {
    const counts: Record<string, number> = { PENDING: 0, OPENED: 0, COMPLETED: 0, DECLINED: 0, EXPIRED: 0, REVOKED: 0 };
    for (const l of agency.links) counts[(l.status === "PENDING" || l.status === "OPENED") && l.expired ? "EXPIRED" : l.status]! += 1;
    return counts;
  };

  it("counts every status right with the same statements for 60 links as for 400", async () => {
    const a = await load<Dashboard>(dashboardRoute, small, "");
    const b = await load<Dashboard>(dashboardRoute, large, "");
    expect(a.data.counts).toEqual(expected(small));
    expect(b.data.counts).toEqual(expected(large));
    expect(b.statements).toBe(a.statements);
    // Up from 12 with issue 15's dashboard: the funnel (3 counts, 1 median), the grants waiting
    // (list, count, about to lapse) and the names in the latest events (clients, staff); issue 16:
    // the steps reported as different; issue 18: the intake links' arrivals (one statement, two
    // when the agency has intake links).
    expect(b.statements).toBeLessThanOrEqual(25);
  });
});

describe("the clients list", () => {
  type ClientsPage = { items: { id: string; _count: { sites: number; links: number; grants: number } }[]; nextCursor: string | null };

  it("one page, with each client's counts, at the same cost for 55 clients as for 120", async () => {
    const a = await load<ClientsPage>(clientsRoute, small, "/clients");
    const b = await load<ClientsPage>(clientsRoute, large, "/clients");
    expect(b.statements).toBe(a.statements);
    expect(b.statements).toBeLessThanOrEqual(8);
    expect(b.data.items.map((c) => c.id)).toEqual(large.clientIds.slice(0, PAGE));
    for (const client of b.data.items) {
      expect(client._count).toEqual({
        sites: 2,
        links: large.links.filter((l) => l.clientId === client.id).length,
        grants: large.grants.filter((g) => g.clientId === client.id).length,
      });
    }
    expect(b.data.items.some((c) => c._count.grants > 0)).toBe(true);
  });
});

describe("the reviews page", () => {
  type Reviews = { due: { id: string }[]; dueNext: string | null; awaitingRemoval: { id: string }[]; removalNext: string | null };

  it("one page of due reviews, at the same cost for 12 grants as for 80", async () => {
    const a = await load<Reviews>(reviewsRoute, small, "/reviews");
    const b = await load<Reviews>(reviewsRoute, large, "/reviews");
    expect(b.statements).toBe(a.statements);
    expect(b.statements).toBeLessThanOrEqual(10);
    const live = (s: Seeded) => s.grants.filter((g) => g.status !== "REVOKED").length;
    expect(a.data.due).toHaveLength(live(small));
    expect(b.data.due).toHaveLength(PAGE);
    expect(b.data.awaitingRemoval).toHaveLength(large.grants.length - live(large));
    const next = await load<Reviews>(reviewsRoute, large, "/reviews", `?dueAfter=${b.data.dueNext}`);
    expect(next.data.due).toHaveLength(live(large) - PAGE);
    expect(new Set([...b.data.due, ...next.data.due].map((g) => g.id)).size).toBe(live(large));
    expect(next.statements).toBe(b.statements);
  });
});

describe("the audit log", () => {
  type Audit = { items: { id: string }[]; nextCursor: string | null };

  it("one page of events, at the same cost for 60 events as for 400", async () => {
    const a = await load<Audit>(auditRoute, small, "/audit");
    const b = await load<Audit>(auditRoute, large, "/audit");
    expect(b.statements).toBe(a.statements);
    expect(b.statements).toBeLessThanOrEqual(7);
    expect(b.data.items).toHaveLength(PAGE);
    expect(b.data.nextCursor).not.toBeNull();
    const byClient = await load<Audit>(auditRoute, large, "/audit", `?client=${large.clientIds[3]}`);
    expect(byClient.statements).toBe(b.statements);
  });
});
