// Load (issue 6, "The suites"): 1,000 concurrent opens of one link page are counted exactly, and
// 200 concurrent completions of one link give one completion, one set of grants and no 500 —
// through the real Express app and the real routes, over real HTTP.
import "./support/env";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";

import { eventsOf, makeAgency, makeClient, makeLink, SITE_A, SITE_B } from "../integration/helpers";
import { startAppServer, type TestServer } from "../support/app-server";
import { fullBuild } from "./support/full-build";

const BROWSER_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
const OPENS = 1000;
const OPEN_CONCURRENCY = 50;
const GRANTS = 200;

let server: TestServer;
beforeAll(async () => {
  server = await startAppServer((await fullBuild()).build);
});
afterAll(() => server?.close());

/** Runs `count` tasks with at most `limit` in flight. */
async function pool<T>(count: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

const countBy = (statuses: number[]) => statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

describe("load", () => {
  it(`${OPENS} concurrent opens of one link are counted exactly`, async () => {
    const agency = await makeAgency();
    const link = await makeLink(agency, (await makeClient(agency)).id);
    const started = Date.now();
    const statuses = await pool(OPENS, OPEN_CONCURRENCY, async () => {
      const response = await fetch(`${server.url}/l/${link.token}`, { headers: { "User-Agent": BROWSER_UA } });
      await response.arrayBuffer();
      return response.status;
    });
    const ms = Date.now() - started;
    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    const opened = await eventsOf(link.id, "link.opened");
    console.log(
      `[load] opens: ${OPENS} requests (${OPEN_CONCURRENCY} in flight) in ${ms} ms (${Math.round((OPENS * 1000) / ms)}/s); ` +
        `statuses ${JSON.stringify(countBy(statuses))}; openCount ${row.openCount}; link.opened events ${opened.length}`,
    );
    expect(countBy(statuses)).toEqual({ 200: OPENS });
    expect(row.openCount).toBe(OPENS);
    expect(opened).toHaveLength(1);
    expect(row.firstOpenedAt).not.toBeNull();
  }, 120_000);

  it(`${GRANTS} concurrent completions of one link: one wins, no duplicate grant, no 500`, async () => {
    const agency = await makeAgency();
    const link = await makeLink(agency, (await makeClient(agency)).id, { siteIds: [SITE_A, SITE_B] });
    const started = Date.now();
    const statuses = await Promise.all(
      Array.from({ length: GRANTS }, async (_, i) => {
        const body = new URLSearchParams({ intent: "grant", clientName: `Casey ${i}`, clientEmail: "casey@acme-shoes.example" });
        body.append("siteIds", SITE_A);
        body.append("siteIds", SITE_B);
        const response = await fetch(`${server.url}/l/${link.token}`, {
          method: "POST",
          headers: { Origin: server.origin, "User-Agent": BROWSER_UA, "Content-Type": "application/x-www-form-urlencoded" },
          body,
          redirect: "manual",
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    const ms = Date.now() - started;
    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    const grants = await db.grant.findMany({ where: { linkId: link.id } });
    const completed = await eventsOf(link.id, "link.completed");
    const byStatus = countBy(statuses);
    console.log(
      `[load] grants: ${GRANTS} concurrent POSTs in ${ms} ms; statuses ${JSON.stringify(byStatus)}; ` +
        `link ${row.status}; grant rows ${grants.length}; link.completed events ${completed.length}`,
    );
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 302 && s !== 409)).toEqual([]);
    expect(row.status).toBe("COMPLETED");
    expect(grants.map((g) => g.hotjarSiteId).sort()).toEqual([SITE_A, SITE_B]);
    expect(new Set(grants.map((g) => g.grantedByName)).size).toBe(1);
    expect(completed).toHaveLength(1);
  }, 120_000);
});
