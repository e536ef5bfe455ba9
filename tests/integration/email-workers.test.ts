// Several workers, and a worker that dies mid-send: claims (a conditional update) and leases
// make each email go out once, and a claim left behind is picked up after its lease.
import { spawn } from "node:child_process";
import path from "node:path";

import { addMinutes, addSeconds } from "date-fns";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { claimDueEmails, deliverClaimed } from "~/modules/email/delivery.server";
import { LEASE_MS } from "~/modules/email/retry-policy";
import { sendLinkByEmail } from "~/modules/email/staff.server";
import { createResendTransport } from "~/modules/email/transports.server";
import { runWorkerCycle } from "~/modules/email/worker.server";

import { type FakeResend, startFakeResend } from "../support/fake-resend";
import { makeAgency, makeClient, makeLink, nowSeconds, type TestAgency } from "./helpers";

const API_KEY = "re_WorkersTest_0123456789abcdef";
const T0 = nowSeconds();
let fake: FakeResend;
let agency: TestAgency;
let clientId: string;

beforeAll(async () => {
  fake = await startFakeResend();
  agency = await makeAgency();
  clientId = (await makeClient(agency)).id;
});
afterAll(() => fake.close());
beforeEach(async () => {
  await db.outboundEmail.deleteMany();
  fake.reset();
});

async function queueInvitations(n: number, links = 10): Promise<string[]> {
  const made = [];
  for (let i = 0; i < Math.min(n, links); i++) made.push(await makeLink(agency, clientId, { now: T0 }));
  for (let i = 0; i < n; i++) await sendLinkByEmail(agency.agencyId, made[i % made.length]!.id, agency.actor, addMinutes(T0, 1));
  return (await db.outboundEmail.findMany({ select: { id: true } })).map((r) => r.id);
}

type Exit = { code: number | null; stdout: string; stderr: string; ms: number };

/** `npm run worker -- --until-idle` against this file's database and the fake provider. */
function runWorkerProcess(apiKey: string): Promise<Exit> {
  const root = process.cwd();
  const started = Date.now();
  const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["server/worker.ts", "--until-idle"], {
    cwd: root,
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: process.env.DATABASE_URL,
      LINK_SIGNING_KEYS: process.env.LINK_SIGNING_KEYS,
      PUBLIC_URL: process.env.PUBLIC_URL,
      RESEND_API_KEY: apiKey,
      RESEND_BASE_URL: fake.url,
      EMAIL_FROM: "Portal <onboarding@portal.example>",
      RUN_WORKER: "false",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
}

describe("several workers", () => {
  it("over 200 queued emails: each delivered exactly once, no double send", async () => {
    const ids = await queueInvitations(200);
    expect(ids).toHaveLength(200);

    // Each process has its own API key, so the fake knows who sent what. The first answers wait
    // until both processes are sending (at most 20 s), so the two really run side by side.
    const keys = ["re_worker_A_0123456789", "re_worker_B_0123456789"];
    const seen = new Set<string>();
    let bothSending!: () => void;
    const barrier = new Promise<void>((resolve) => (bothSending = resolve));
    const timeout = setTimeout(bothSending, 20_000);
    fake.respondWith(async (req) => {
      seen.add(req.authorization ?? "");
      if (seen.size >= 2) bothSending();
      await barrier;
      return undefined;
    });

    const exits = await Promise.all(keys.map((k) => runWorkerProcess(k)));
    clearTimeout(timeout);
    for (const exit of exits) expect(exit.code, exit.stderr).toBe(0);

    const rows = await db.outboundEmail.findMany({ where: { id: { in: ids } } });
    const byStatus = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    expect(byStatus).toEqual({ SENT: 200 });

    const perKey = new Map<string, number>();
    for (const r of fake.requests) perKey.set(r.idempotencyKey!, (perKey.get(r.idempotencyKey!) ?? 0) + 1);
    expect(perKey.size).toBe(200);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    expect(fake.requests).toHaveLength(200); // no second POST for any email
    expect(fake.requests.every((r) => r.status === 200 && r.delivered)).toBe(true);
    expect(fake.deliveries()).toHaveLength(200);
    expect(new Set(rows.map((r) => r.providerId))).toEqual(new Set(fake.deliveredIds()));
    expect(rows.every((r) => r.attempts === 1)).toBe(true);

    // Both processes delivered a share, and each printed its own count; together, all 200.
    const sentBy = keys.map((k) => fake.requests.filter((r) => r.authorization === `Bearer ${k}`).length);
    const printed = exits.map((e) => JSON.parse(e.stdout.trim().split("\n").pop()!) as { delivered: number });
    console.info(`two workers: requests per process ${sentBy.join(" + ")}, run times ${exits.map((e) => e.ms).join(" ms, ")} ms`);
    expect(sentBy.every((n) => n > 0)).toBe(true);
    expect(printed.map((p) => p.delivered)).toEqual(sentBy);
    for (const exit of exits) expect(exit.stderr).not.toMatch(/SQLITE_BUSY|database is locked/i);

    // Nothing is left for a third run.
    expect(await db.outboundEmail.count({ where: { status: { not: "SENT" } } })).toBe(0);
  }, 90_000);

  // Both cycles read the same first 20 candidates; the one whose claims all lose must look again
  // rather than take "no claim won" for "nothing due" and stop with 40 emails waiting.
  it("two cycles at once: a worker that loses a whole batch keeps going while work is due", async () => {
    const ids = await queueInvitations(60, 3);
    const transport = createResendTransport(API_KEY, fake.url);
    fake.respondWith(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return undefined;
    });
    const now = addMinutes(T0, 2);
    const [a, b] = await Promise.all([runWorkerCycle(transport, now, false), runWorkerCycle(transport, now, false)]);
    expect(a.outcomes.length + b.outcomes.length).toBe(60);
    expect(a.outcomes.length).toBeGreaterThan(0);
    expect(b.outcomes.length).toBeGreaterThan(0);
    expect(fake.requests).toHaveLength(60);
    expect(await db.outboundEmail.count({ where: { id: { in: ids }, status: "SENT" } })).toBe(60);
  });

  it("two claims at the same moment: exactly one wins each row", async () => {
    await queueInvitations(30, 3);
    const now = addMinutes(T0, 2);
    const [a, b] = await Promise.all([claimDueEmails(now, 50), claimDueEmails(now, 50)]);
    const all = [...a!, ...b!].map((r) => r.id);
    expect(all).toHaveLength(30);
    expect(new Set(all).size).toBe(30);
  });
});

describe("a worker killed mid-send", () => {
  it("its claim is picked up after the lease, not before, and the email goes out once", async () => {
    const [id] = await queueInvitations(1, 1);
    const transport = createResendTransport(API_KEY, fake.url);
    const now = addMinutes(T0, 2);

    // The worker claims the row and dies before delivering it.
    const [abandoned] = await claimDueEmails(now);
    expect(abandoned).toMatchObject({ id, status: "SENDING", attempts: 1 });
    expect((await db.outboundEmail.findUniqueOrThrow({ where: { id } })).status).toBe("SENDING");

    // Within the lease another worker leaves it alone.
    expect((await runWorkerCycle(transport, addSeconds(now, 30))).outcomes).toEqual([]);
    expect(fake.requests).toHaveLength(0);

    // After the lease it is delivered, once.
    expect((await runWorkerCycle(transport, new Date(now.getTime() + LEASE_MS + 1000))).outcomes).toEqual(["sent"]);
    const sent = await db.outboundEmail.findUniqueOrThrow({ where: { id } });
    expect(sent).toMatchObject({ status: "SENT", attempts: 2, leaseExpiresAt: null });
    expect(fake.requests).toHaveLength(1);
    expect(fake.deliveries()).toHaveLength(1);
    expect((await runWorkerCycle(transport, addMinutes(now, 30))).outcomes).toEqual([]);

    // Had the first worker only stalled, its late send carries the same idempotency key: the
    // provider answers with the first id and sends nothing; the row is not touched.
    expect(await deliverClaimed(abandoned!, transport, addSeconds(now, LEASE_MS / 1000 + 2))).toBe("lost-claim");
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.idempotencyKey).toBe(fake.requests[0]!.idempotencyKey);
    expect(fake.deliveries()).toHaveLength(1);
    expect(await db.outboundEmail.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "SENT",
      providerId: sent.providerId,
      attempts: 2,
    });
  });
});
