// Secrets and tokens never reach logs or stored errors: not the link token (the part after /l/),
// not the API key, even when the provider echoes them back in an error.
import { format } from "node:util";

import { addHours, addMinutes } from "date-fns";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { db } from "~/modules/db/db.server";
import { MAX_ATTEMPTS } from "~/modules/email/retry-policy";
import { sendLinkByEmail } from "~/modules/email/staff.server";
import { createResendTransport, type EmailTransport } from "~/modules/email/transports.server";
import { runWorkerCycle, startWorker } from "~/modules/email/worker.server";

import { type FakeResend, startFakeResend } from "../support/fake-resend";
import { makeAgency, makeClient, makeLink, nowSeconds, type TestAgency } from "./helpers";

const API_KEY = "re_SecretsTest_0123456789abcdef";
const T0 = nowSeconds();
let fake: FakeResend;
let agency: TestAgency;
let clientId: string;
let logged: string[] = [];

beforeAll(async () => {
  fake = await startFakeResend();
  agency = await makeAgency();
  clientId = (await makeClient(agency)).id;
});
afterAll(() => fake.close());
beforeEach(async () => {
  await db.outboundEmail.deleteMany();
  fake.reset();
  logged = [];
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(format(...args)));
  }
});
afterEach(() => vi.restoreAllMocks());

async function queuedLink() {
  const link = await makeLink(agency, clientId, { now: T0 });
  await sendLinkByEmail(agency.agencyId, link.id, agency.actor, addMinutes(T0, 1));
  const row = await db.outboundEmail.findFirstOrThrow({ where: { linkId: link.id } });
  return { link, row };
}

function expectNoSecrets(text: string, token: string) {
  expect(text).not.toContain(token);
  expect(text).not.toMatch(/\/l\/(?!\[token\])[A-Za-z0-9._~-]+/);
  expect(text).not.toContain(API_KEY);
}

/** The first link URL in an email's text. */
const urlIn = (text: unknown) => /https?:\/\/\S+\/l\/[A-Za-z0-9._~-]+/.exec(String(text))?.[0] ?? "no url";

/** A provider that echoes the request back in its error: the link URL and the Authorization header. */
function echoingErrors(times: number) {
  let left = times;
  fake.respondWith((req) => {
    if (left-- <= 0) return undefined;
    const message = `rejected link ${urlIn(req.body?.text)} (auth: ${req.authorization})`;
    return { status: 500, body: { statusCode: 500, name: "internal_server_error", message } };
  });
}

describe("a failing delivery", () => {
  it("the stored error and the worker's log carry neither the link token nor the API key", async () => {
    const { link, row } = await queuedLink();
    echoingErrors(1);
    const log = { log: (...a: unknown[]) => void logged.push(format(...a)), error: (...a: unknown[]) => void logged.push(format(...a)) };
    const worker = startWorker(createResendTransport(API_KEY, fake.url), 50, log as Console);
    try {
      await vi.waitFor(async () => expect((await db.outboundEmail.findUniqueOrThrow({ where: { id: row.id } })).attempts).toBe(1), {
        timeout: 10_000,
        interval: 50,
      });
    } finally {
      await worker.stop();
    }
    expect(fake.requests[0]!.rawBody).toContain(link.token); // the echo did carry the token

    const failed = await db.outboundEmail.findUniqueOrThrow({ where: { id: row.id } });
    expect(failed.status).toBe("QUEUED");
    expect(failed.lastError).toContain("500 internal_server_error");
    expect(failed.lastError).toContain("/l/[token]");
    expectNoSecrets(failed.lastError!, link.token);
    expect(logged.join("\n")).toContain('"retry":1');
    expectNoSecrets(logged.join("\n"), link.token);

    // The next attempt succeeds; its cycle logs nothing secret either.
    await runWorkerCycle(createResendTransport(API_KEY, fake.url), addHours(T0, 1));
    expect(await db.outboundEmail.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "SENT", lastError: null });
    expectNoSecrets(logged.join("\n"), link.token);
  });

  it("an error after the retries are exhausted (FAILED) is scrubbed too", async () => {
    const { link, row } = await queuedLink();
    echoingErrors(100);
    let now = addMinutes(T0, 2);
    for (let i = 0; i < 10; i++, now = addHours(now, 2)) await runWorkerCycle(createResendTransport(API_KEY, fake.url), now);
    const failed = await db.outboundEmail.findUniqueOrThrow({ where: { id: row.id } });
    expect(failed.status).toBe("FAILED");
    expectNoSecrets(failed.lastError!, link.token);
    expectNoSecrets(logged.join("\n"), link.token);
  });

  it("a transport that throws (with the email in its message) is a retry, not a crashed cycle, and leaks nothing", async () => {
    const { link, row } = await queuedLink();
    const throwing: EmailTransport = {
      name: "resend",
      async send(email) {
        throw new Error(`socket hang up while sending ${urlIn(email.text)}`);
      },
    };
    const log = { log: (...a: unknown[]) => void logged.push(format(...a)), error: (...a: unknown[]) => void logged.push(format(...a)) };
    const worker = startWorker(throwing, 50, log as Console);
    try {
      await vi.waitFor(async () => expect((await db.outboundEmail.findUniqueOrThrow({ where: { id: row.id } })).lastError).toBeTruthy(), {
        timeout: 10_000,
        interval: 50,
      });
    } finally {
      await worker.stop();
    }
    const retried = await db.outboundEmail.findUniqueOrThrow({ where: { id: row.id } });
    expect(retried).toMatchObject({ status: "QUEUED", attempts: 1, leaseExpiresAt: null });
    expect(retried.lastError).toContain("socket hang up");
    expectNoSecrets(retried.lastError!, link.token);
    expectNoSecrets(logged.join("\n"), link.token);
    expect(logged.join("\n")).not.toContain('"level":"error"'); // the cycle itself went on

    // Like any retryable failure, it gives up after the last attempt instead of retrying forever.
    let now = addHours(T0, 1);
    for (let i = 0; i < 10; i++, now = addHours(now, 2)) await runWorkerCycle(throwing, now);
    expect(await db.outboundEmail.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "FAILED", attempts: MAX_ATTEMPTS });
  });
});

describe("what is stored", () => {
  it("no outbox row or event holds a link token, whatever was sent", async () => {
    const { link } = await queuedLink();
    await runWorkerCycle(createResendTransport(API_KEY, fake.url), addMinutes(T0, 2));
    expect(fake.deliveries()).toHaveLength(1);
    const stored = JSON.stringify([await db.outboundEmail.findMany(), await db.event.findMany()]);
    expect(stored).not.toContain(link.token);
    expect(stored).not.toContain(API_KEY);
  });
});
