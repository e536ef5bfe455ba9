// The audit log page's service and loader on a real database: filters, cursor pages, the agency
// boundary, the permission, and that nothing in the app rewrites an event.
import fs from "node:fs";
import path from "node:path";

import type { Prisma } from "@prisma/client";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";

import { listAuditClients, listAuditEvents } from "~/modules/audit/audit-log.server";
import { type AuditQuery, parseAuditQuery } from "~/modules/audit/audit-query";
import { startSession } from "~/modules/auth/auth.server";
import { db } from "~/modules/db/db.server";
import { loader } from "~/routes/a.$agency.audit._index";

import { makeAgency, makeClient, makeLink, type TestAgency } from "./helpers";

let a: TestAgency;
let b: TestAgency;
let slugA: string;
let acme: string;
let bravo: string;
let clientOfB: string;
let linkA: string;

const TYPES = ["link.created", "link.opened", "client.updated", "login.failed", "linkage.test"] as const;
const ACTORS = ["staff", "client", "system", "api"] as const;
const MARCH_1 = Date.parse("2024-03-01T00:00:00.000Z");
const MINUTE = 60_000;

/** 130 events of A in early March 2024, in groups of three sharing one timestamp (ties). */
function seededEvents(agencyId: string, clients: (string | null)[]): Prisma.EventCreateManyInput[] {
  return Array.from({ length: 130 }, (_, i) => ({
    agencyId,
    actorType: ACTORS[i % ACTORS.length]!,
    actorLabel: i % 2 ? `person${i}@agency.example` : null,
    type: TYPES[i % TYPES.length]!,
    clientId: clients[i % clients.length] ?? null,
    details: JSON.stringify({ n: i }),
    createdAt: new Date(MARCH_1 + Math.floor(i / 3) * 17 * MINUTE),
  }));
}

/** The reference: every event of the agency in the page's order, filtered in JavaScript. */
async function expected(
  agencyId: string,
  keep: (e: { actorType: string; type: string; clientId: string | null; createdAt: Date }) => boolean,
) {
  const all = await db.event.findMany({ where: { agencyId } });
  return all
    .filter(keep)
    .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (y.id < x.id ? -1 : y.id > x.id ? 1 : 0))
    .map((e) => e.id);
}

/** Follows "Older events" to the end, as a reader would. */
async function allPages(agencyId: string, query: AuditQuery) {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAuditEvents(agencyId, { ...query, cursor });
    ids.push(...page.items.map((e) => e.id));
    sizes.push(page.items.length);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && sizes.length < 50);
  return { ids, sizes };
}

const q = (qs: string) => parseAuditQuery(new URLSearchParams(qs)).query;

beforeAll(async () => {
  a = await makeAgency("Agency A");
  b = await makeAgency("Agency B");
  slugA = (await db.agency.findUniqueOrThrow({ where: { id: a.agencyId } })).slug;
  acme = (await makeClient(a, "Acme Shoes")).id;
  bravo = (await makeClient(a, "Bravo Bikes")).id;
  clientOfB = (await makeClient(b, "Client of B")).id;
  linkA = (await makeLink(a, acme)).id;
  await db.event.createMany({ data: seededEvents(a.agencyId, [acme, bravo, null]) });
  await db.event.createMany({ data: seededEvents(b.agencyId, [clientOfB, null]) });
  // Day boundaries for the date filter (UTC).
  await db.event.createMany({
    data: [
      ["2024-02-29T23:59:59.999Z", "edge.before"],
      ["2024-03-20T00:00:00.000Z", "edge.first"],
      ["2024-03-20T23:59:59.999Z", "edge.last"],
      ["2024-03-21T00:00:00.000Z", "edge.after"],
    ].map(([at, type]) => ({ agencyId: a.agencyId, actorType: "system", type: type!, createdAt: new Date(at!) })),
  });
});

describe("listAuditEvents", () => {
  it("pages through every event of the agency, newest first, 50 at a time, none twice, none of B's", async () => {
    const { ids, sizes } = await allPages(a.agencyId, {});
    expect(ids).toEqual(await expected(a.agencyId, () => true));
    expect(new Set(ids).size).toBe(ids.length);
    expect(sizes.slice(0, -1).every((n) => n === 50)).toBe(true);
    expect(ids.length).toBeGreaterThan(130);
    const foreign = await db.event.count({ where: { id: { in: ids }, agencyId: { not: a.agencyId } } });
    expect(foreign).toBe(0);
  });

  it("shows what the services recorded: agency, client and link creation, by the owner", async () => {
    const { items } = await listAuditEvents(a.agencyId, q("actor=staff"));
    const created = items.filter((e) => e.type.endsWith(".created") && e.actor === a.email);
    expect(created.map((e) => e.type).sort()).toEqual(["agency.created", "client.created", "client.created", "link.created"]);
    const link = items.find((e) => e.type === "link.created" && e.linkId === linkA)!;
    expect(link).toMatchObject({ clientId: acme, clientName: "Acme Shoes", actorType: "staff" });
    expect(link.summary).toMatch(/^role: VIEWER, sites: \d+, lifetimeHours: 168$/);
  });

  it("filters by actor type", async () => {
    const { ids } = await allPages(a.agencyId, q("actor=client"));
    expect(ids).toEqual(await expected(a.agencyId, (e) => e.actorType === "client"));
    expect(ids.length).toBeGreaterThan(30);
  });

  it("filters by event type: a prefix of whole segments, or exact", async () => {
    const prefix = await allPages(a.agencyId, q("type=link."));
    expect(prefix.ids).toEqual(await expected(a.agencyId, (e) => e.type.startsWith("link.")));
    const bare = await allPages(a.agencyId, q("type=link"));
    expect(bare.ids).toEqual(prefix.ids);
    const exact = await allPages(a.agencyId, q("type=link.opened"));
    expect(exact.ids).toEqual(await expected(a.agencyId, (e) => e.type === "link.opened"));
    // "linkage.test" is not below "link"; "_" is no wildcard.
    expect((await listAuditEvents(a.agencyId, q("type=linkage"))).items.every((e) => e.type === "linkage.test")).toBe(true);
    expect((await listAuditEvents(a.agencyId, q("type=link_opened"))).items).toEqual([]);
  });

  it("filters by client, and another agency's client id matches nothing", async () => {
    const { ids } = await allPages(a.agencyId, q(`client=${bravo}`));
    expect(ids).toEqual(await expected(a.agencyId, (e) => e.clientId === bravo));
    expect(ids.length).toBeGreaterThan(40);
    expect((await listAuditEvents(a.agencyId, q(`client=${clientOfB}`))).items).toEqual([]);
    expect((await listAuditEvents(b.agencyId, q(`client=${acme}`))).items).toEqual([]);
  });

  it("filters by an inclusive UTC date range", async () => {
    const day = await listAuditEvents(a.agencyId, q("from=2024-03-20&to=2024-03-20"));
    expect(day.items.map((e) => e.type)).toEqual(["edge.last", "edge.first"]);
    const from = await listAuditEvents(a.agencyId, q("from=2024-03-21&type=edge"));
    expect(from.items.map((e) => e.type)).toEqual(["edge.after"]);
    const to = await listAuditEvents(a.agencyId, q("to=2024-02-29"));
    expect(to.items.map((e) => e.type)).toEqual(["edge.before"]);
  });

  it("combines filters and pages through them", async () => {
    const { ids, sizes } = await allPages(a.agencyId, q("actor=staff&type=link&from=2024-03-01&to=2024-03-02"));
    const end = MARCH_1 + 2 * 24 * 60 * MINUTE;
    expect(ids).toEqual(
      await expected(
        a.agencyId,
        (e) => e.actorType === "staff" && e.type.startsWith("link.") && e.createdAt.getTime() >= MARCH_1 && e.createdAt.getTime() < end,
      ),
    );
    expect(sizes.length).toBeGreaterThanOrEqual(1);
  });

  it("a cursor from another agency's event does not reveal its rows", async () => {
    const [eventOfB] = await db.event.findMany({ where: { agencyId: b.agencyId }, orderBy: { createdAt: "asc" }, take: 1 });
    const page = await listAuditEvents(a.agencyId, { cursor: `${eventOfB!.createdAt.getTime()}.${eventOfB!.id}` });
    expect(page.items.every((e) => e.clientId !== clientOfB)).toBe(true);
    expect(await db.event.count({ where: { id: { in: page.items.map((e) => e.id) }, agencyId: b.agencyId } })).toBe(0);
  });

  it("offers the agency's own clients, archived ones too", async () => {
    await db.client.update({ where: { id: bravo }, data: { archivedAt: new Date() } });
    const clients = await listAuditClients(a.agencyId);
    expect(clients.map((c) => c.name)).toEqual(["Acme Shoes", "Bravo Bikes"]);
    await db.client.update({ where: { id: bravo }, data: { archivedAt: null } });
  });
});

describe("the audit page's loader", () => {
  async function cookieFor(userId: string) {
    return (await startSession(userId)).split(";")[0]!;
  }
  async function load(qs: string, cookie: string | null) {
    const request = new Request(`http://localhost:3000/a/${slugA}/audit${qs}`, { headers: cookie ? { Cookie: cookie } : {} });
    return loader({ request, params: { agency: slugA }, context: {} } as LoaderFunctionArgs);
  }

  it("answers an owner, and reports bad filters instead of failing", async () => {
    const response = await load("?actor=robot&from=2024-02-30&type=link.&client=nope!", await cookieFor(a.userId));
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.query).toEqual({ type: "link." });
    expect(data.ignored.map((i: { field: string }) => i.field)).toEqual(["actor", "client", "from"]);
    expect(data.filters).toBe("type=link.");
    expect(data.items).toHaveLength(50);
    expect(data.items.every((e: { type: string }) => e.type.startsWith("link."))).toBe(true);
    expect(data.nextCursor).toMatch(/^\d+\.[a-z0-9]+$/);
  });

  it("refuses a Member (403), hides the agency from a non-member (404), sends a visitor to log in", async () => {
    const member = await makeAgency("Member's own agency");
    await db.membership.create({ data: { agencyId: a.agencyId, userId: member.userId, role: "MEMBER" } });
    await expect(load("", await cookieFor(member.userId))).rejects.toMatchObject({ status: 403 });
    await expect(load("", await cookieFor(b.userId))).rejects.toMatchObject({ status: 404 });
    await expect(load("", null)).rejects.toMatchObject({ status: 302 });
  });
});

describe("events are append-only", () => {
  function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return sources(file);
      return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
    });
  }

  it("no code in app/ or server/ updates or deletes an event", () => {
    const offenders = [...sources("app"), ...sources("server")].filter((file) => {
      const text = fs.readFileSync(file, "utf8");
      return /\.event\.(update|updateMany|upsert|delete|deleteMany)\b/.test(text) || /(UPDATE|DELETE\s+FROM)\s+"?Event"?\b/i.test(text);
    });
    expect(offenders).toEqual([]);
  });

  it("the audit routes have no action", async () => {
    const page = await import("~/routes/a.$agency.audit._index");
    const csv = await import("~/routes/a.$agency.audit[.csv]");
    expect("action" in page).toBe(false);
    expect("action" in csv).toBe(false);
  });
});
