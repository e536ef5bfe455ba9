// Two app instances (two real server processes, two ports) on one database behave as one: a
// session made on one works on the other, a rate limit counts across both, the outbox and the
// reminders send each email once, and a link completed on one is completed on the other. Runs on
// SQLite (two processes on one file) and, in CI, on PostgreSQL (stateless instances behind any
// load balancer: docs/decisions/021).
import { subDays, subHours } from "date-fns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { NOT_OPENED_AFTER_HOURS } from "~/modules/email/reminders.server";
import { sendLinkByEmail } from "~/modules/email/staff.server";

import { DESKTOP, freePort, startServer, stopServers } from "../security/support/server-process";
import { onPostgres } from "../setup/test-database";
import { type FakeResend, startFakeResend } from "../support/fake-resend";
import { makeAgency, makeClient, makeLink, SITE_A, SITE_B, type TestAgency } from "./helpers";

const PASSWORD = "correct horse battery"; // makeAgency's owner password
let fake: FakeResend;
let agency: TestAgency;
let slug: string;
let clientId: string;
let a: string;
let b: string;
const due: string[] = [];

beforeAll(async () => {
  fake = await startFakeResend();
  agency = await makeAgency("Twin Instances");
  slug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;
  clientId = (await makeClient(agency)).id;
  // Links sent long enough ago to be due a "not opened yet" reminder: both workers look for
  // due reminders as they start, at the same moment.
  const now = new Date();
  for (let i = 0; i < 6; i++) {
    const link = await makeLink(agency, clientId, { now: subDays(now, 2.1) });
    await sendLinkByEmail(agency.agencyId, link.id, agency.actor, subHours(now, NOT_OPENED_AFTER_HOURS + 1));
    due.push(link.id);
  }
  // Real limits (scale 1), both workers on, mail to the fake provider: production settings.
  const env = {
    RATE_LIMIT_SCALE: "1",
    RUN_WORKER: "true",
    WORKER_POLL_MS: "100",
    RESEND_API_KEY: "re_TwinInstances_0123456789",
    RESEND_BASE_URL: fake.url,
    EMAIL_FROM: "Portal <onboarding@portal.example>",
  };
  // One after the other: the first start builds the app if needed, the second finds it built.
  a = (await startServer(await freePort(), env)).origin;
  b = (await startServer(await freePort(), env)).origin;
}, 120_000);
afterAll(async () => {
  await stopServers();
  await fake?.close();
});

function post(origin: string, path: string, fields: string[][], cookie?: string) {
  return fetch(origin + path, {
    method: "POST",
    redirect: "manual",
    headers: {
      Origin: origin,
      "User-Agent": DESKTOP,
      "Content-Type": "application/x-www-form-urlencoded",
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams(fields),
  });
}

const login = (origin: string, password: string) =>
  post(origin, "/login", [
    ["email", agency.email],
    ["password", password],
  ]);
const grant = (origin: string, token: string) =>
  post(origin, `/l/${token}`, [
    ["intent", "grant"],
    ["clientName", "Casey Client"],
    ["clientEmail", "casey@acme-shoes.example"],
    ["siteIds", SITE_A],
    ["siteIds", SITE_B],
  ]);
const page = (origin: string, path: string, cookie?: string) =>
  fetch(origin + path, { redirect: "manual", headers: { "User-Agent": DESKTOP, ...(cookie ? { Cookie: cookie } : {}) } });

describe("two instances on one database", () => {
  it("a session made on one works on the other, and a logout on the other ends it on both", async () => {
    const signedIn = await login(a, PASSWORD);
    expect(signedIn.status).toBe(302);
    const cookie = signedIn.headers.get("set-cookie")!.split(";")[0]!;
    const onB = await page(b, `/a/${slug}/links`, cookie);
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain("Twin Instances");

    expect((await post(b, "/logout", [], cookie)).status).toBe(302);
    for (const origin of [a, b]) {
      const after = await page(origin, `/a/${slug}/links`, cookie);
      expect(after.status).toBe(302);
      expect(after.headers.get("location")).toMatch(/^\/login/);
    }
  });

  it("a rate limit counts the attempts made on both", async () => {
    // loginAccount: 10 attempts per account per 15 minutes, wherever they land.
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await login(i % 2 ? b : a, "wrong password")).status);
    expect(statuses).toEqual(Array(10).fill(400));
    // Each instance has seen 5: the eleventh attempt is refused by both, the right password too.
    for (const origin of [a, b]) {
      const refused = await login(origin, PASSWORD);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    }
  });

  it("a link completed on one is completed on the other; the same grant sent to both at once lands once", async () => {
    const link = await makeLink(agency, clientId, { siteIds: [SITE_A, SITE_B] });
    expect((await grant(a, link.token)).status).toBe(302);
    const onB = await page(b, `/l/${link.token}`);
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain("<h1>Thank you: access recorded</h1>");
    expect((await grant(b, link.token)).status).toBe(409);

    // Ten links, each confirmed on both instances at the same moment (a double click through a
    // load balancer): one of the two wins, the other is told it is done, no grant is doubled.
    const links = await Promise.all(Array.from({ length: 10 }, () => makeLink(agency, clientId, { siteIds: [SITE_A, SITE_B] })));
    const answers = await Promise.all(
      links.map((l) => Promise.all([grant(a, l.token), grant(b, l.token)]).then((rs) => rs.map((r) => r.status).sort())),
    );
    // SQLite serves one instance (DESIGN.md section 8): across two processes the loser of a
    // write race may be told "busy, try again" (503) instead of "done" (409); never a double.
    const loser = onPostgres ? [409] : [409, 503];
    expect(answers.every(([win, lose]) => win === 302 && loser.includes(lose!))).toBe(true);
    const rows = await db.onboardingLink.findMany({
      where: { id: { in: [link.id, ...links.map((l) => l.id)] } },
      include: { _count: { select: { grants: true } } },
    });
    expect(rows.map((r) => [r.status, r._count.grants])).toEqual(Array(11).fill(["COMPLETED", 2]));
  });

  it("the outbox and the reminders send each email once, though both instances run a worker", async () => {
    // Fresh invitations queued now, beside the reminders both workers found due at their start.
    for (let i = 0; i < 6; i++) {
      const link = await makeLink(agency, clientId);
      await sendLinkByEmail(agency.agencyId, link.id, agency.actor);
    }
    // Both workers drain the outbox: nothing left queued or in flight.
    await expect
      .poll(
        async () => {
          const pending = await db.outboundEmail.count({ where: { status: { in: ["QUEUED", "SENDING"] } } });
          const reminders = await db.outboundEmail.count({ where: { template: "client-reminder", linkId: { in: due } } });
          return { pending, reminders };
        },
        { timeout: 30_000, interval: 200 },
      )
      .toEqual({ pending: 0, reminders: due.length });
    const reminders = await db.outboundEmail.findMany({
      where: { template: "client-reminder", linkId: { in: due } },
      select: { status: true, linkId: true },
    });
    expect(reminders.map((r) => r.status)).toEqual(Array(due.length).fill("SENT"));
    expect(new Set(reminders.map((r) => r.linkId)).size).toBe(due.length);
    // One provider request per email: no email went out twice, though two workers claimed.
    const posts = fake.requests.filter((r) => r.method === "POST" && r.path === "/emails");
    expect(posts.length).toBe(fake.deliveries().length);
    expect(new Set(fake.deliveries().map((d) => d.idempotencyKey)).size).toBe(fake.deliveries().length);
    expect(fake.deliveries().length).toBeGreaterThanOrEqual(due.length * 2 + 6);
  }, 60_000);
});
