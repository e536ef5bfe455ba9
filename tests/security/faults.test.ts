// Faults, against the real server process (`npm start`'s build/index.js) on this file's database:
// a server killed in the middle of a burst of grants leaves no half-written link or grant; the
// email provider being down never touches a page; a locked database answers 503 and recovers.
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";

import { startSession } from "~/modules/auth/auth.server";
import { db } from "~/modules/db/db.server";

import { makeAgency, makeClient, makeLink, SITE_A, SITE_B, tokenOf } from "../integration/helpers";
import { onPostgres } from "../setup/test-database";
import { lockDatabase } from "../support/db-faults";
import { DESKTOP, freePort, kill, startServer, stopServers } from "./support/server-process";

afterEach(stopServers);

function grant(origin: string, token: string, i: number) {
  return fetch(`${origin}/l/${token}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded", "User-Agent": DESKTOP },
    body: new URLSearchParams([
      ["intent", "grant"],
      ["clientName", `Client ${i}`],
      ["clientEmail", `c${i}@client.example`],
      ["siteIds", SITE_A],
      ["siteIds", SITE_B],
    ]),
  }).then(
    (r) => r.status,
    () => 0,
  );
}

describe("faults", () => {
  it("a server killed mid-burst of grants leaves every link whole: completed with its grants, or untouched", async () => {
    const agency = await makeAgency();
    const client = await makeClient(agency);
    const links = await Promise.all(Array.from({ length: 300 }, () => makeLink(agency, client.id, { siteIds: [SITE_A, SITE_B] })));
    // As `npm start` leaves it: in WAL mode this test's reads never wait for the server's writes.
    if (!onPostgres) {
      const sqlite = new Database(process.env.DATABASE_URL!.replace(/^file:/, ""));
      sqlite.pragma("journal_mode = WAL");
      sqlite.close();
    }
    const port = await freePort();
    const first = await startServer(port);
    const burst = links.map((l, i) => grant(first.origin, tokenOf(l.url), i));
    // Kill it as soon as the first grants are committed: the rest are in flight or queued.
    const ids = links.map((l) => l.id);
    await expect
      .poll(() => db.onboardingLink.count({ where: { id: { in: ids }, status: "COMPLETED" } }), { interval: 2, timeout: 30_000 })
      .toBeGreaterThan(2);
    await kill(first.child);
    const statuses = await Promise.all(burst);

    const check = async () => {
      const rows = await db.onboardingLink.findMany({
        where: { id: { in: links.map((l) => l.id) } },
        include: { _count: { select: { grants: true } } },
      });
      // In the order of `links` (PostgreSQL returns rows in no particular order).
      const byId = new Map(rows.map((r) => [r.id, { completed: r.status === "COMPLETED", grants: r._count.grants }]));
      return links.map((l) => byId.get(l.id)!);
    };
    const afterCrash = await check();
    // Atomic: a completed link has both grants, any other link has none.
    expect(afterCrash.filter((r) => (r.completed ? r.grants !== 2 : r.grants !== 0))).toEqual([]);
    // The kill did land mid-burst: some links were not completed yet.
    expect(afterCrash.filter((r) => !r.completed).length).toBeGreaterThan(0);

    // After a restart, the clients who got no answer simply confirm again.
    const second = await startServer(port);
    const retried = await Promise.all(links.map((l, i) => (afterCrash[i]!.completed ? 0 : grant(second.origin, tokenOf(l.url), i))));
    const final = await check();
    expect(final.every((r) => r.completed && r.grants === 2)).toBe(true);
    expect(retried.filter((s) => s >= 500)).toEqual([]);
    console.log(
      `faults: burst of ${links.length} grants, killed once the first were committed: ${afterCrash.filter((r) => r.completed).length} completed before the kill, ${statuses.filter((s) => s === 0).length} requests cut off, 0 half-written; all ${final.length} completed after restart`,
    );
  }, 120_000);

  it("the email provider being down never touches a page: grants answer, email waits in the outbox", async () => {
    const agency = await makeAgency();
    const client = await makeClient(agency);
    const link = await makeLink(agency, client.id, { siteIds: [SITE_A, SITE_B] });
    const deadPort = await freePort(); // nothing listens there: every send is refused
    const { origin } = await startServer(await freePort(), {
      RUN_WORKER: "true",
      WORKER_POLL_MS: "200",
      RESEND_API_KEY: "re_down_0123456789",
      RESEND_BASE_URL: `http://127.0.0.1:${deadPort}`,
      EMAIL_FROM: "Portal <portal@agency.example>",
    });
    expect(await grant(origin, tokenOf(link.url), 1)).toBe(302);
    const page = await fetch(`${origin}/l/${tokenOf(link.url)}`, { headers: { "User-Agent": DESKTOP } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<h1>Thank you: access recorded</h1>");
    await expect
      .poll(
        async () =>
          (
            await db.outboundEmail.findFirst({
              where: { linkId: link.id, template: "agency-notification", payload: { contains: "link-completed" } },
            })
          )?.lastError ?? null,
        { timeout: 20_000 },
      )
      .not.toBeNull();
    const email = await db.outboundEmail.findFirstOrThrow({ where: { linkId: link.id, payload: { contains: "link-completed" } } });
    expect(email.status).toBe("QUEUED"); // waiting for its next attempt, not lost, not failed
    console.log(`faults: provider down: grant answered 302, page 200, notification queued with "${email.lastError}"`);
  }, 90_000);

  it("a locked database answers 503 with Retry-After, and the next request after the lock works", async () => {
    const agency = await makeAgency();
    const cookie = (await startSession(agency.userId)).split(";")[0]!;
    const slug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;
    const { origin } = await startServer(await freePort());
    // A write (creating a client): another connection's exclusive lock blocks it in any journal mode.
    const createClient = (name: string) =>
      fetch(`${origin}/a/${slug}/clients/new`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: cookie, Origin: origin, "User-Agent": DESKTOP, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ name, contactName: "Lee Locked", contactEmail: "lee@locked.example", hotjarOrganizationId: "" }),
      });

    const lock = await lockDatabase();
    let locked: Response;
    try {
      locked = await createClient("During the lock"); // waits the 5 s lock timeout, then gives up
    } finally {
      await lock.release();
    }
    expect(locked.status).toBe(503);
    expect(locked.headers.get("retry-after")).toBeTruthy();
    expect(await locked.text()).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect(await db.client.count({ where: { agencyId: agency.agencyId, name: "During the lock" } })).toBe(0);
    expect((await createClient("After the lock")).status).toBe(302);
    expect(await db.client.count({ where: { agencyId: agency.agencyId, name: "After the lock" } })).toBe(1);
    console.log(
      "faults: database locked -> 503 with Retry-After and nothing written; released -> the same request succeeds without a restart",
    );
  }, 90_000);
});
