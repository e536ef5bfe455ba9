// Provider faults: an outage loses and duplicates nothing; transient answers are retried with
// backoff, permanent ones fail at once; staff can retry a failed email.
import { addHours, addMinutes, addSeconds } from "date-fns";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { MAX_ATTEMPTS } from "~/modules/email/retry-policy";
import { retryEmail, sendLinkByEmail } from "~/modules/email/staff.server";
import { createResendTransport } from "~/modules/email/transports.server";
import { runWorkerCycle } from "~/modules/email/worker.server";
import { AppError } from "~/modules/http/errors";

import { type FakeResend, startFakeResend } from "../support/fake-resend";
import { eventsOf, makeAgency, makeClient, makeLink, nowSeconds, type TestAgency } from "./helpers";

const API_KEY = "re_OutageTest_0123456789abcdef";
const T0 = nowSeconds();
let fake: FakeResend;
let agency: TestAgency;
let clientId: string;
const transport = () => createResendTransport(API_KEY, fake.url);

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

/** Queues `n` link invitations (a few links, each sent several times); returns the row ids. */
async function queueInvitations(n: number): Promise<string[]> {
  const links = await Promise.all(Array.from({ length: Math.min(n, 5) }, () => makeLink(agency, clientId, { now: T0 })));
  for (let i = 0; i < n; i++) await sendLinkByEmail(agency.agencyId, links[i % links.length]!.id, agency.actor, addMinutes(T0, 1));
  const rows = await db.outboundEmail.findMany({ select: { id: true } });
  expect(rows).toHaveLength(n);
  return rows.map((r) => r.id);
}

const row = (id: string) => db.outboundEmail.findUniqueOrThrow({ where: { id } });
const requestsFor = (id: string) => fake.requests.filter((r) => r.idempotencyKey === `outbound-email-${id}`);

describe("a provider outage", () => {
  it("20 emails, 500 for the first 30 requests: every email delivered exactly once", async () => {
    const ids = await queueInvitations(20);
    fake.failNext(30, 500);
    let now = addMinutes(T0, 2);
    let cycles = 0;
    for (; cycles < 10; cycles++) {
      await runWorkerCycle(transport(), now);
      const queued = await db.outboundEmail.findMany({ where: { status: "QUEUED" } });
      if (queued.length === 0) break;
      for (const q of queued) {
        expect(q.lastError).toMatch(/^500 internal_server_error/);
        expect(q.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime()); // backed off, not hammered
        expect(q.nextAttemptAt.getTime()).toBeLessThanOrEqual(addHours(now, 1).getTime());
      }
      if (cycles === 0) {
        expect(queued).toHaveLength(20);
        for (const q of queued) {
          expect(q.attempts).toBe(1);
          expect(q.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(addSeconds(now, 15).getTime());
          expect(q.nextAttemptAt.getTime()).toBeLessThanOrEqual(addSeconds(now, 30).getTime());
        }
      }
      now = addHours(now, 2);
    }
    expect(cycles).toBe(2); // 20 failed, then 10 failed and 10 sent, then the last 10

    const rows = await db.outboundEmail.findMany({ where: { id: { in: ids } } });
    expect(rows.map((r) => r.status)).toEqual(Array(20).fill("SENT"));
    for (const r of rows) {
      expect(r.lastError).toBeNull();
      expect(r.attempts).toBe(requestsFor(r.id).length);
      expect(requestsFor(r.id).filter((q) => q.status === 200)).toHaveLength(1);
      expect(r.attempts).toBeGreaterThan(1); // all 20 failed at least once
    }
    expect(rows.filter((r) => r.attempts === 3)).toHaveLength(10);
    expect(fake.requests).toHaveLength(50);
    const delivered = fake.deliveries();
    expect(delivered).toHaveLength(20);
    expect(new Set(delivered.map((d) => d.idempotencyKey))).toEqual(new Set(ids.map((id) => `outbound-email-${id}`)));
    expect(new Set(rows.map((r) => r.providerId))).toEqual(new Set(fake.deliveredIds()));
  });
});

describe("transient and permanent answers", () => {
  it("429 is retried after a backoff, then delivered", async () => {
    const [id] = await queueInvitations(1);
    fake.failNext(1, 429);
    const now = addMinutes(T0, 2);
    expect((await runWorkerCycle(transport(), now)).outcomes).toEqual(["retry"]);
    expect(await row(id!)).toMatchObject({ status: "QUEUED", attempts: 1, lastError: expect.stringMatching(/^429 rate_limit_exceeded/) });

    expect((await runWorkerCycle(transport(), addSeconds(now, 10))).outcomes).toEqual([]); // not due yet
    expect((await runWorkerCycle(transport(), addMinutes(now, 1))).outcomes).toEqual(["sent"]);
    expect(await row(id!)).toMatchObject({ status: "SENT", attempts: 2, lastError: null });
    expect(fake.deliveries()).toHaveLength(1);
  });

  it("422 marks the email FAILED at once; retryEmail queues it again and it is delivered", async () => {
    const [id] = await queueInvitations(1);
    fake.failNext(1, 422, { statusCode: 422, name: "validation_error", message: "Invalid `to` field." });
    const now = addMinutes(T0, 2);
    expect((await runWorkerCycle(transport(), now)).outcomes).toEqual(["failed"]);
    const failed = await row(id!);
    expect(failed).toMatchObject({ status: "FAILED", attempts: 1, leaseExpiresAt: null, providerId: null });
    expect(failed.lastError).toContain("422");
    expect(failed.lastError).toContain("Invalid `to` field.");
    expect((await runWorkerCycle(transport(), addHours(now, 5))).outcomes).toEqual([]);
    expect(fake.requests).toHaveLength(1);

    const other = await makeAgency("Other Agency");
    await expect(retryEmail(other.agencyId, id!, other.actor, addHours(now, 6))).rejects.toMatchObject({ status: 404 });

    await retryEmail(agency.agencyId, id!, agency.actor, addHours(now, 6));
    expect(await row(id!)).toMatchObject({ status: "QUEUED", attempts: 0 });
    expect((await runWorkerCycle(transport(), addHours(now, 6))).outcomes).toEqual(["sent"]);
    const sent = await row(id!);
    expect(sent).toMatchObject({ status: "SENT", attempts: 1, lastError: null, providerId: fake.deliveredIds()[0] });
    expect(await eventsOf(sent.linkId!, "email.retried")).toHaveLength(1);

    const error = await retryEmail(agency.agencyId, id!, agency.actor, addHours(now, 7)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(409);
    expect(fake.deliveries()).toHaveLength(1);
  });

  it.each([
    ["an empty JSON object", {}],
    ["a body that is not JSON", "not json"],
    ["an id that is not a string", { id: 42 }],
  ])("an unexpected 200 body (%s) is a retryable failure, not a crash", async (_, body) => {
    const [id] = await queueInvitations(1);
    fake.failNext(1, 200, body);
    const now = addMinutes(T0, 2);
    expect((await runWorkerCycle(transport(), now)).outcomes).toEqual(["retry"]);
    const r = await row(id!);
    expect(r).toMatchObject({ status: "QUEUED", attempts: 1, providerId: null });
    expect(r.lastError).toBeTruthy();
    expect((await runWorkerCycle(transport(), addHours(now, 1))).outcomes).toEqual(["sent"]);
    expect(await row(id!)).toMatchObject({ status: "SENT", attempts: 2 });
  });

  it("an unreachable provider (connection refused) is retried", async () => {
    const [id] = await queueInvitations(1);
    const gone = await startFakeResend();
    await gone.close();
    expect((await runWorkerCycle(createResendTransport(API_KEY, gone.url), addMinutes(T0, 2))).outcomes).toEqual(["retry"]);
    expect(await row(id!)).toMatchObject({ status: "QUEUED", attempts: 1, lastError: expect.stringMatching(/^no status/) });
  });

  it(`after ${MAX_ATTEMPTS} retryable failures the email is FAILED and no longer tried`, async () => {
    const [id] = await queueInvitations(1);
    fake.failNext(100, 503);
    let now = addMinutes(T0, 2);
    for (let i = 0; i < MAX_ATTEMPTS + 3; i++) {
      await runWorkerCycle(transport(), now);
      now = addHours(now, 2);
    }
    const r = await row(id!);
    expect(r).toMatchObject({ status: "FAILED", attempts: MAX_ATTEMPTS, providerId: null });
    expect(r.lastError).toMatch(/^503 service_unavailable/);
    expect(requestsFor(id!)).toHaveLength(MAX_ATTEMPTS);
    expect(fake.deliveries()).toHaveLength(0);
  });
});
