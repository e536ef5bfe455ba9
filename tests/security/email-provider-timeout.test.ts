// Finding 8 of the outside test (issue 13): a call to the email provider had no timeout, so one
// provider that never answered held the worker for 75 s (fetch would wait up to 300 s), past the
// 60 s lease. The real Resend SDK against a fake Resend server on loopback that hangs.
import { addMinutes } from "date-fns";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { LEASE_MS, SEND_TIMEOUT_MS } from "~/modules/email/retry-policy";
import { sendLinkByEmail } from "~/modules/email/staff.server";
import { createResendTransport } from "~/modules/email/transports.server";
import { runWorkerCycle } from "~/modules/email/worker.server";

import { makeAgency, makeClient, makeLink, nowSeconds, type TestAgency } from "../integration/helpers";
import { type FakeResend, startFakeResend } from "../support/fake-resend";

const API_KEY = "re_TimeoutTest_0123456789abcdef";
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

async function queueOne() {
  const link = await makeLink(agency, clientId, { now: T0 });
  await sendLinkByEmail(agency.agencyId, link.id, agency.actor, addMinutes(T0, 1));
  return db.outboundEmail.findFirstOrThrow({ where: { linkId: link.id } });
}

describe("finding 8: email provider calls have no timeout", () => {
  it("the default timeout is well under the worker's lease", () => {
    expect(SEND_TIMEOUT_MS).toBeGreaterThan(0);
    expect(SEND_TIMEOUT_MS * 4).toBeLessThanOrEqual(LEASE_MS);
  });

  it("a provider that never answers costs one timeout, and the email is retried later", async () => {
    const row = await queueOne();
    fake.respondWith(() => new Promise(() => {})); // accepts the request, never answers
    const started = Date.now();
    const result = await runWorkerCycle(createResendTransport(API_KEY, fake.url, 500), addMinutes(T0, 2));
    const took = Date.now() - started;

    expect(result.outcomes).toEqual(["retry"]);
    expect(fake.requests).toHaveLength(1);
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(5_000); // before the fix: minutes
    const after = await db.outboundEmail.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: "QUEUED", attempts: 1, leaseExpiresAt: null, sentAt: null });
    expect(after.lastError).toBe("no answer from the email provider within 0.5 s");
  });

  it("sentAt is when the provider answered, not when the cycle began", async () => {
    const row = await queueOne();
    fake.respondWith(() => new Promise((resolve) => setTimeout(() => resolve(undefined), 400))); // slow, then the normal answer
    const started = Date.now();
    const result = await runWorkerCycle(createResendTransport(API_KEY, fake.url, 5_000), new Date(started));
    expect(result.outcomes).toEqual(["sent"]);
    const sent = await db.outboundEmail.findUniqueOrThrow({ where: { id: row.id } });
    expect(sent.status).toBe("SENT");
    expect(sent.sentAt!.getTime()).toBeGreaterThanOrEqual(started + 400);
    expect(sent.sentAt!.getTime()).toBeLessThanOrEqual(Date.now());
  });
});
