// The CSV export through its route: headers, permission, filters, neutralised cells, and a
// 10,000-event log that streams (many chunks, flat heap, pages fetched as the reader goes).
import v8 from "node:v8";
import vm from "node:vm";

import type { Prisma } from "@prisma/client";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it, vi } from "vitest";

import { startSession } from "~/modules/auth/auth.server";
import { db } from "~/modules/db/db.server";
import { loader } from "~/routes/a.$agency.audit[.csv]";

import { makeAgency, makeClient, type TestAgency } from "./helpers";

const HEADER = '"time","actor_type","actor","type","client","link_id","grant_id","ip_hash","user_agent","details"';

let a: TestAgency;
let b: TestAgency;
let cookieA: string;

async function cookieFor(userId: string) {
  return (await startSession(userId)).split(";")[0]!;
}

async function slugOf(agencyId: string) {
  return (await db.agency.findUniqueOrThrow({ where: { id: agencyId } })).slug;
}

async function exportCsv(slug: string, cookie: string, qs = "") {
  const request = new Request(`http://localhost:3000/a/${slug}/audit.csv${qs}`, { headers: { Cookie: cookie } });
  return loader({ request, params: { agency: slug }, context: {} } as LoaderFunctionArgs);
}

/** An agency made without the services, so its log holds exactly the events a test inserts. */
async function quietAgency(name: string, owner: TestAgency) {
  const agency = await db.agency.create({
    data: { name, slug: `${name.toLowerCase().replace(/\W+/g, "-")}-${Date.now()}`, granteeEmail: owner.email },
  });
  await db.membership.create({ data: { agencyId: agency.id, userId: owner.userId, role: "OWNER" } });
  return agency;
}

async function insertEvents(agencyId: string, count: number, make: (i: number) => Partial<Prisma.EventCreateManyInput>) {
  const start = Date.parse("2024-01-01T00:00:00.000Z");
  for (let from = 0; from < count; from += 500) {
    const data = Array.from({ length: Math.min(500, count - from) }, (_, k) => {
      const i = from + k;
      return { agencyId, actorType: "system", type: "bulk.test", createdAt: new Date(start + i * 1000), ...make(i) };
    });
    await db.event.createMany({ data });
  }
}

/**
 * Prisma's debug module keeps its last 100 entries, with the query plans and their arguments:
 * right after the inserts that is ~50 MB of insert data, released as later queries push it out.
 * Cheap queries first, so that release is not mistaken for the export's own memory use.
 */
async function flushPrismaDebugLog() {
  for (let i = 0; i < 200; i += 1) await db.agency.count({ where: { id: "none" } });
}

/** Full collections until the heap stops shrinking: garbage from earlier work is not "growth". */
async function settledHeap(gc: () => void): Promise<number> {
  let previous = Infinity;
  for (let i = 0; i < 10; i += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    const used = process.memoryUsage().heapUsed;
    if (used >= previous - 64 * 1024) return used;
    previous = used;
  }
  return previous;
}

function countNewlines(chunk: Uint8Array): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n += 1;
  return n;
}

beforeAll(async () => {
  a = await makeAgency("Agency A");
  b = await makeAgency("Agency B");
  cookieA = await cookieFor(a.userId);
  const client = await makeClient(a, "+Plus Shoes");
  await makeClient(b, "Client of B");
  await db.event.create({
    data: {
      agencyId: a.agencyId,
      actorType: "api",
      actorLabel: '=HYPERLINK("http://evil.example","click")',
      type: "api.injected",
      clientId: client.id,
      userAgent: "@SUM(1+1)*cmd|' /C calc'!A0",
      details: "=1+2",
    },
  });
});

describe("GET /a/<slug>/audit.csv", () => {
  it("is an attachment, not cached, UTF-8 CSV with the header row", async () => {
    const slug = await slugOf(a.agencyId);
    const response = await exportCsv(slug, cookieA);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="audit-${slug}-${new Date().toISOString().slice(0, 10)}.csv"`,
    );
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const text = await response.text();
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(HEADER);
    for (const type of ["agency.created", "client.created", "api.injected"]) expect(text).toContain(`,"${type}",`);
    expect(text).not.toContain("Client of B");
  });

  it("neutralises cells a spreadsheet would run as formulas", async () => {
    const text = await (await exportCsv(await slugOf(a.agencyId), cookieA, "?type=api.injected")).text();
    const [, row] = text.trimEnd().split("\r\n");
    expect(row).toMatch(/^"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z","api",/);
    // csv-stringify quotes every cell; inside, each cell starts with the neutralising '.
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(row).toContain(`,"'+Plus Shoes",`);
    expect(row).toContain(`,"'@SUM(1+1)*cmd|' /C calc'!A0",`);
    expect(row!.endsWith(`,"'=1+2"`)).toBe(true);
    expect(row).not.toMatch(/(^|,)"?[=+@-]/);
  });

  it("applies the page's filters and ignores bad ones", async () => {
    const slug = await slugOf(a.agencyId);
    const filtered = await (await exportCsv(slug, cookieA, "?type=client.&actor=robot&from=nonsense")).text();
    const rows = filtered.trimEnd().split("\r\n").slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(`,"client.created","'+Plus Shoes",`);
    const none = await (await exportCsv(slug, cookieA, "?to=2000-01-01")).text();
    expect(none).toBe(`${HEADER}\r\n`);
  });

  it("refuses a Member and hides the agency from outsiders", async () => {
    const slug = await slugOf(a.agencyId);
    const member = await makeAgency("Member's agency");
    await db.membership.create({ data: { agencyId: a.agencyId, userId: member.userId, role: "MEMBER" } });
    await expect(exportCsv(slug, await cookieFor(member.userId))).rejects.toMatchObject({ status: 403 });
    await expect(exportCsv(slug, await cookieFor(b.userId))).rejects.toMatchObject({ status: 404 });
  });
});

describe("a 10,000-event export streams", () => {
  // ~2 KB of details per event: the whole CSV is ~22 MB, far above what one 500-row page holds.
  const PADDING = "x".repeat(2000);

  it("arrives in many chunks, 10,001 lines, with the heap flat while it is read", async () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const agency = await quietAgency("Big Log", a);
    await insertEvents(agency.id, 10_000, (i) => ({ actorLabel: `worker-${i}`, details: JSON.stringify({ i, padding: PADDING }) }));

    await flushPrismaDebugLog();
    const baseline = await settledHeap(gc);
    const response = await exportCsv(agency.slug, cookieA);
    const reader = response.body!.getReader();
    let lines = 0;
    let bytes = 0;
    let chunks = 0;
    let nextSample = 2_000_000;
    const growth: number[] = [];
    let first = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks += 1;
      bytes += value.byteLength;
      lines += countNewlines(value);
      if (!first) first = Buffer.from(value).toString("utf8");
      // Part-way through, everything a non-streaming export would hold is still alive.
      if (bytes >= nextSample) {
        growth.push((await settledHeap(gc)) - baseline);
        nextSample += 2_000_000;
      }
    }

    expect(first.startsWith(`${HEADER}\r\n`)).toBe(true);
    expect(lines).toBe(10_001);
    expect(bytes).toBeGreaterThan(20_000_000);
    expect(chunks).toBeGreaterThan(100);
    // Streaming holds about one page (measured ~5 MB here, flat from start to end); reading every
    // row first holds the whole log (measured ~32 MB, 1.5 times the CSV). Half the CSV's size
    // tells them apart with a margin of 2 on each side, and no climb between checkpoints
    // catches chunks or pages being kept.
    expect(growth.length).toBeGreaterThanOrEqual(9);
    expect(Math.max(...growth)).toBeLessThan(bytes / 2);
    expect(growth.at(-1)! - growth[1]!).toBeLessThan(bytes / 10);
  });

  it("fetches page by page as it is read: rows added after the download began still arrive", async () => {
    const agency = await quietAgency("Probe Log", a);
    await insertEvents(agency.id, 5_000, (i) => ({ actorLabel: `worker-${i}` }));
    const reader = (await exportCsv(agency.slug, cookieA)).body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while ((text.match(/\n/g) ?? []).length < 100) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    // Older than every row: an export that had read all rows up front could not contain them.
    await db.event.createMany({
      data: [1, 2, 3].map((n) => ({
        agencyId: agency.id,
        actorType: "system",
        type: `probe.late${n}`,
        createdAt: new Date(Date.UTC(2000, 0, 1, 0, 0, 10 - n)),
      })),
    });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    const rows = text.trimEnd().split("\r\n");
    expect(rows).toHaveLength(1 + 5_000 + 3);
    expect(rows.slice(-3).map((r) => r.split(",")[3])).toEqual(['"probe.late1"', '"probe.late2"', '"probe.late3"']);
  });

  it("a download cancelled part-way ends quietly and leaves the database free", async () => {
    const agency = await quietAgency("Cancelled Log", a);
    await insertEvents(agency.id, 2_000, () => ({}));
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const reader = (await exportCsv(agency.slug, cookieA)).body!.getReader();
      await reader.read();
      await reader.cancel();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await db.event.count({ where: { agencyId: agency.id } })).toBe(2_000);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });
});
