// Webhooks (issue 18): queued in the event's transaction, signed as Standard Webhooks says (checked
// here with the library's own verifier), delivered by the worker with retries, a timeout per
// delivery, auto-disable after a streak of failures (with an email), and replay with the same id.
import { addHours } from "date-fns";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { recordEvent } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";
import { createMailboxTransport } from "~/modules/email/transports.server";
import { runWorkerCycle } from "~/modules/email/worker.server";
import { deliverDueWebhooks, type DeliverOptions } from "~/modules/webhooks/deliver.server";
import { replayDelivery, sendTestEvent } from "~/modules/webhooks/deliveries.server";
import { createEndpoint, deleteEndpoint, rotateSecret, setEndpointEnabled, updateEndpoint } from "~/modules/webhooks/endpoints.server";
import { WEBHOOK_FAILURE_STREAK_LIMIT, WEBHOOK_MAX_ATTEMPTS } from "~/modules/webhooks/policy";
import { EndpointSchema } from "~/modules/webhooks/schemas";

import type { TestServer } from "../support/app-server";
import { apiFetch, newKey, startApiServer } from "./api-helpers";
import { makeAgency, makeClient, makeLink, type TestAgency } from "./helpers";
import { type Receiver, startReceiver } from "./webhook-receivers";

// The receivers live on loopback: allow-listed, as an operator would for an on-premise receiver.
const GUARD = { allowList: ["127.0.0.1"] };
const OPTIONS: DeliverOptions = { ...GUARD, timeoutMs: 1500 };
const receivers: Receiver[] = [];

async function receiver(answer?: (n: number) => number | "hang") {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

async function endpointFor(agency: TestAgency, url: string, eventTypes = ["client.created"]) {
  const result = await createEndpoint(agency.agencyId, agency.actor, EndpointSchema.parse({ url, eventTypes }), GUARD);
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  return db.webhookEndpoint.findUniqueOrThrow({ where: { id: result.endpointId } });
}

/** Worker passes, an hour apart, until nothing is due any more. */
async function drain(from = new Date(), passes = 10) {
  let now = from;
  for (let i = 0; i < passes; i++) {
    await deliverDueWebhooks(now, OPTIONS);
    now = addHours(now, 7);
  }
}

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

describe("webhook deliveries", () => {
  let agency: TestAgency;
  beforeAll(async () => {
    agency = await makeAgency("Webhook Analytics");
  });

  it("signs each delivery so the Standard Webhooks verifier accepts it, with the event's ids and no link URL", async () => {
    const r = await receiver();
    const endpoint = await endpointFor(agency, r.url, ["client.created", "link.created"]);
    const client = await makeClient(agency, "Signed Shoes");
    await deliverDueWebhooks(new Date(), OPTIONS);

    expect(r.received).toHaveLength(1);
    const { headers, body } = r.received[0]!;
    const verified = new Webhook(endpoint.secret).verify(body, headers as Record<string, string>) as {
      type: string;
      data: { clientId: string };
    };
    expect(verified.type).toBe("client.created");
    expect(verified.data.clientId).toBe(client.id);
    expect(headers["webhook-id"]).toMatch(/^msg_/);
    // Someone else's secret does not verify it.
    const other = await endpointFor(await makeAgency("Other Agency"), r.url);
    expect(() => new Webhook(other.secret).verify(body, headers as Record<string, string>)).toThrow();
    expect(body).not.toContain("/l/");
    // A link's message carries its ids, never its token.
    const link = await makeLink(agency, client.id);
    await deliverDueWebhooks(new Date(), OPTIONS);
    const linkMessage = r.received.find((x) => JSON.parse(x.body).type === "link.created")!;
    expect(JSON.parse(linkMessage.body).data).toMatchObject({ linkId: link.id, clientId: client.id });
    expect(linkMessage.body).not.toContain(link.token);
    expect(linkMessage.body).not.toContain("/l/");
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    expect(delivery).toMatchObject({ status: "DELIVERED", attempts: 1, lastStatusCode: 200 });
  });

  it("queues in the event's transaction: a change that rolls back queues nothing", async () => {
    const r = await receiver();
    const endpoint = await endpointFor(agency, r.url);
    await expect(
      db.$transaction(async (tx) => {
        await recordEvent(tx, { agencyId: agency.agencyId, actor: agency.actor, type: "client.created", details: {} });
        expect(await tx.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(1);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
    await db.$transaction((tx) => recordEvent(tx, { agencyId: agency.agencyId, actor: agency.actor, type: "client.created" }));
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(1);
    // A kind it did not choose is not queued for it.
    await db.$transaction((tx) => recordEvent(tx, { agencyId: agency.agencyId, actor: agency.actor, type: "link.opened" }));
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(1);
  });

  it("retries a receiver that fails twice, delivers once, and keeps the same webhook-id", async () => {
    const r = await receiver((n) => (n <= 2 ? 503 : 200));
    const endpoint = await endpointFor(agency, r.url);
    await makeClient(agency, "Retry Shoes");
    const t0 = new Date();
    expect(await deliverDueWebhooks(t0, OPTIONS)).toContain("retry");
    // Not due again at once: the backoff holds it back.
    expect(await deliverDueWebhooks(t0, OPTIONS)).toEqual([]);
    await drain(addHours(t0, 1));

    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((x) => x.headers["webhook-id"])).size).toBe(1);
    const delivery = await db.webhookDelivery.findFirstOrThrow({
      where: { endpointId: endpoint.id },
      include: { tries: { orderBy: { createdAt: "asc" } } },
    });
    expect(delivery).toMatchObject({ status: "DELIVERED", attempts: 3, lastStatusCode: 200 });
    expect(delivery.tries.map((t) => t.statusCode)).toEqual([503, 503, 200]);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failureStreak).toBe(0);
  });

  it("gives up on receivers that hang after the timeout, and the other endpoint is not kept waiting", async () => {
    const hanging = await receiver(() => "hang");
    const hangingToo = await receiver(() => "hang");
    const healthy = await receiver();
    const stuck = await endpointFor(agency, hanging.url, ["client.archived"]);
    await endpointFor(agency, hangingToo.url, ["client.archived"]);
    const fine = await endpointFor(agency, healthy.url, ["client.archived"]);
    await db.$transaction((tx) => recordEvent(tx, { agencyId: agency.agencyId, actor: agency.actor, type: "client.archived" }));
    const started = Date.now();
    await deliverDueWebhooks(new Date(), OPTIONS);
    // Both hanging receivers are waited for at the same time: one timeout, not two in a row.
    expect(Date.now() - started).toBeLessThan(1500 + 1300);
    expect(healthy.received).toHaveLength(1);
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: fine.id } })).toMatchObject({ status: "DELIVERED" });
    const late = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: stuck.id }, include: { tries: true } });
    expect(late).toMatchObject({ status: "PENDING", lastStatusCode: null });
    expect(late.tries[0]!.error).toMatch(/timed out after 1500 ms/);
    expect(late.tries[0]!.durationMs).toBeGreaterThanOrEqual(1400);
  });

  it("sets a try's lease and its next attempt from the real clock, not from the pass's stale start", async () => {
    const own = await makeAgency("Stale Clock Analytics");
    const r = await receiver((n) => (n === 1 ? "hang" : 500));
    const endpoint = await endpointFor(own, r.url);
    const delivery = await sendTestEvent(own.agencyId, endpoint.id, own.actor);
    // A pass that started an hour ago (a long one) finds it due.
    const stale = new Date(Date.now() - 60 * 60_000);
    await db.webhookDelivery.update({ where: { id: delivery.id }, data: { nextAttemptAt: addHours(stale, -1) } });
    const pass = deliverDueWebhooks(stale, OPTIONS);
    while (r.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    // While it is being sent, a second worker must not see its lease as run out.
    const sending = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(sending.status).toBe("SENDING");
    expect(sending.leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now());
    expect(await deliverDueWebhooks(new Date(), OPTIONS)).toEqual([]);
    expect(await pass).toEqual(["retry"]);
    // Its retry waits from now: not due again at once.
    const after = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(after.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect(r.received).toHaveLength(1);
  });

  it("ends a pass after its share of deliveries or of time, so email is not held up behind webhooks", async () => {
    const own = await makeAgency("Short Pass Analytics");
    const r = await receiver();
    const endpoint = await endpointFor(own, r.url);
    for (let i = 0; i < 3; i++) await sendTestEvent(own.agencyId, endpoint.id, own.actor);
    expect(await deliverDueWebhooks(new Date(), { ...OPTIONS, maxDeliveries: 2 })).toEqual(["delivered", "delivered"]);
    expect(r.received).toHaveLength(2);
    expect(await deliverDueWebhooks(new Date(), { ...OPTIONS, maxDeliveries: 2 })).toEqual(["delivered"]);

    const hanging = await receiver(() => "hang");
    const slow = await endpointFor(own, hanging.url);
    for (let i = 0; i < 2; i++) await sendTestEvent(own.agencyId, slow.id, own.actor);
    // One at a time, 100 ms of budget: the first try's timeout uses it up, the second waits.
    expect(await deliverDueWebhooks(new Date(), { ...OPTIONS, limit: 1, passMs: 100 })).toEqual(["retry"]);
    expect(hanging.received).toHaveLength(1);
    expect(await db.webhookDelivery.count({ where: { endpointId: slow.id, attempts: 0 } })).toBe(1);
  });

  it("two workers at once send each delivery once", async () => {
    const own = await makeAgency("Two Workers Analytics");
    const r = await receiver();
    const endpoint = await endpointFor(own, r.url);
    for (let i = 0; i < 8; i++) await sendTestEvent(own.agencyId, endpoint.id, own.actor);
    const now = new Date();
    await Promise.all([deliverDueWebhooks(now, OPTIONS), deliverDueWebhooks(now, OPTIONS)]);
    expect(r.received).toHaveLength(8);
    expect(new Set(r.received.map((x) => x.headers["webhook-id"])).size).toBe(8);
    expect(await db.webhookAttempt.count({ where: { delivery: { endpointId: endpoint.id } } })).toBe(8);
  });

  it("switches an endpoint off after a streak of failed deliveries and emails the agency", async () => {
    const own = await makeAgency("Streak Analytics");
    const r = await receiver(() => 500);
    const endpoint = await endpointFor(own, r.url);
    for (let i = 0; i < WEBHOOK_FAILURE_STREAK_LIMIT; i++) await makeClient(own, `Failing Shoes ${i}`);
    await drain(new Date(), WEBHOOK_MAX_ATTEMPTS + 2);

    expect(r.received).toHaveLength(WEBHOOK_FAILURE_STREAK_LIMIT * WEBHOOK_MAX_ATTEMPTS);
    const after = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(after.disabledAt).not.toBeNull();
    expect(after.disabledReason).toMatch(/failed deliveries in a row/);
    const emails = await db.outboundEmail.findMany({ where: { agencyId: own.agencyId, template: "webhook-disabled" } });
    expect(emails.map((e) => e.to)).toEqual([own.email]);
    // The worker renders and sends it: it names the endpoint and links to its page.
    await runWorkerCycle(createMailboxTransport(), new Date(), false);
    const sent = await db.mailboxMessage.findFirstOrThrow({
      where: { agencyId: own.agencyId, to: own.email, subject: { contains: "webhook" } },
    });
    expect(sent.subject).toMatch(/switched off after repeated failures/);
    expect(sent.text).toContain(r.url);
    expect(sent.text).toContain(`/webhooks/${endpoint.id}`);
    // Its event records the endpoint's origin only (the path may hold a secret).
    const off = await db.event.findFirstOrThrow({ where: { agencyId: own.agencyId, type: "webhook.endpoint_auto_disabled" } });
    expect(JSON.parse(off.details).url).toBe(new URL(r.url).origin);
    // Switched off: a new event is not queued for it.
    await makeClient(own, "Ignored Shoes");
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id, status: "PENDING" } })).toBe(0);
  });

  it("replays a delivery as a new one with the same webhook-id, and sends a test event", async () => {
    const r = await receiver();
    const endpoint = await endpointFor(agency, r.url);
    await sendTestEvent(agency.agencyId, endpoint.id, agency.actor);
    await deliverDueWebhooks(new Date(), OPTIONS);
    const first = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    expect(first).toMatchObject({ type: "webhook.test", status: "DELIVERED" });

    const replay = await replayDelivery(agency.agencyId, first.id, agency.actor);
    await deliverDueWebhooks(new Date(), OPTIONS);
    expect(replay.messageId).toBe(first.messageId);
    expect(r.received.map((x) => x.headers["webhook-id"])).toEqual([first.messageId, first.messageId]);
    expect(r.received[1]!.body).toBe(r.received[0]!.body);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: replay.id } })).toMatchObject({
      status: "DELIVERED",
      replayOfId: first.id,
    });
    // Another agency's delivery cannot be replayed from here.
    const stranger = await makeAgency("Stranger Agency");
    await expect(replayDelivery(stranger.agencyId, first.id, stranger.actor)).rejects.toMatchObject({ status: 404 });
  });
});

describe("webhook audit events", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startApiServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("record the endpoint's origin, never its path, so GET /api/v1/events shows no secret a URL carries", async () => {
    const own = await makeAgency("Secret Path Analytics");
    const r = await receiver();
    const secretUrl = `${r.url}/T0KEN-s3cr3t-in-path?sig=abc`;
    const endpoint = await endpointFor(own, secretUrl);
    await updateEndpoint(
      own.agencyId,
      endpoint.id,
      own.actor,
      EndpointSchema.parse({ url: secretUrl, eventTypes: ["link.opened"] }),
      GUARD,
    );
    await rotateSecret(own.agencyId, endpoint.id, own.actor);
    await sendTestEvent(own.agencyId, endpoint.id, own.actor);
    await setEndpointEnabled(own.agencyId, endpoint.id, own.actor, false);
    await deleteEndpoint(own.agencyId, endpoint.id, own.actor);

    const events = await db.event.findMany({ where: { agencyId: own.agencyId, type: { startsWith: "webhook." } } });
    expect(events.map((e) => e.type).sort()).toEqual([
      "webhook.endpoint_created",
      "webhook.endpoint_deleted",
      "webhook.endpoint_disabled",
      "webhook.endpoint_updated",
      "webhook.secret_rotated",
      "webhook.test_sent",
    ]);
    for (const event of events) expect(JSON.parse(event.details).url).toBe(new URL(r.url).origin);
    const key = (await newKey(own, ["events:read"])).secret;
    const page = await (await apiFetch(server, "/api/v1/events?type=webhook", key)).text();
    expect(page).toContain("webhook.endpoint_created");
    expect(page).not.toContain("T0KEN-s3cr3t-in-path");
    expect(page).not.toContain("/hooks");
  });
});
