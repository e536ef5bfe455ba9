// Staff send a link by email: one outbox row in the same transaction as "sent", then the worker
// delivers it through the real Resend SDK to a fake Resend server.
import { addHours, addMinutes } from "date-fns";
import { Resend } from "resend";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { sendLinkByEmail } from "~/modules/email/staff.server";
import { createResendTransport } from "~/modules/email/transports.server";
import { runWorkerCycle } from "~/modules/email/worker.server";
import { getEnv } from "~/modules/env/env.server";
import { AppError } from "~/modules/http/errors";
import { completeLink } from "~/modules/links/link-page.server";
import { revokeLink } from "~/modules/links/links.server";

import { type FakeResend, startFakeResend } from "../support/fake-resend";
import { eventsOf, makeAgency, makeClient, makeLink, META, nowSeconds, SITE_A, type TestAgency } from "./helpers";

const API_KEY = "re_SendTest_0123456789abcdef";
const T0 = nowSeconds();
let fake: FakeResend;
let agency: TestAgency;
let clientId: string;

beforeAll(async () => {
  fake = await startFakeResend();
  agency = await makeAgency("Northwind Analytics");
  clientId = (await makeClient(agency)).id;
});
afterAll(() => fake.close());
// Each test starts with an empty outbox, so a worker cycle delivers only what the test queued.
beforeEach(async () => {
  await db.outboundEmail.deleteMany();
  fake.reset();
});

/** React's escaping, and the HTML without text-node separators / emphasis (as emails/render.test.ts). */
const esc = (v: string) =>
  v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
const flat = (html: string) => html.replace(/<!-- -->/g, "").replace(/<\/?strong>/g, "");

async function expectRefused(promise: Promise<unknown>, status: number) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(status);
}

describe("sendLinkByEmail", () => {
  it("queues one link-invitation to the recipient, marks the link sent and records link.sent", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    const at = addMinutes(T0, 1);
    await sendLinkByEmail(agency.agencyId, link.id, agency.actor, at);

    const rows = await db.outboundEmail.findMany({ where: { linkId: link.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      agencyId: agency.agencyId,
      to: "casey@acme-shoes.example",
      template: "link-invitation",
      status: "QUEUED",
      attempts: 0,
      providerId: null,
      lastError: null,
      dedupeKey: null,
    });
    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.sentAt?.toISOString()).toBe(at.toISOString());
    const events = await eventsOf(link.id, "link.sent");
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.details)).toEqual({ to: "casey@acme-shoes.example", again: false });
    expect(fake.requests).toHaveLength(0); // nothing is sent inside the request

    // Re-sending queues a second email and says so on the timeline.
    await sendLinkByEmail(agency.agencyId, link.id, agency.actor, addMinutes(T0, 5));
    expect(await db.outboundEmail.count({ where: { linkId: link.id } })).toBe(2);
    const again = await eventsOf(link.id, "link.sent");
    expect(again.map((e) => JSON.parse(e.details).again)).toEqual([false, true]);
  });

  it("never stores the link token in the outbox row", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    await sendLinkByEmail(agency.agencyId, link.id, agency.actor, addMinutes(T0, 1));
    const row = await db.outboundEmail.findFirstOrThrow({ where: { linkId: link.id } });
    expect(JSON.parse(row.payload)).toEqual({ linkId: link.id });
    const everything = JSON.stringify(row);
    expect(everything).not.toContain(link.token);
    expect(everything).not.toContain("/l/");
  });

  it("is refused (409) for an expired, revoked or completed link, and queues nothing", async () => {
    const expired = await makeLink(agency, clientId, { now: T0, lifetimeValue: 1, lifetimeUnit: "hours" });
    await expectRefused(sendLinkByEmail(agency.agencyId, expired.id, agency.actor, addHours(T0, 2)), 409);

    const revoked = await makeLink(agency, clientId, { now: T0 });
    await revokeLink(agency.agencyId, revoked.id, agency.actor, addMinutes(T0, 1));
    await expectRefused(sendLinkByEmail(agency.agencyId, revoked.id, agency.actor, addMinutes(T0, 2)), 409);

    const completed = await makeLink(agency, clientId, { now: T0 });
    const done = await completeLink(
      completed.token,
      { clientName: "Casey Client", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A] },
      META,
      addMinutes(T0, 1),
    );
    expect(done.ok).toBe(true);
    await expectRefused(sendLinkByEmail(agency.agencyId, completed.id, agency.actor, addMinutes(T0, 2)), 409);

    for (const l of [expired, revoked, completed]) {
      expect(await db.outboundEmail.count({ where: { linkId: l.id, template: "link-invitation" } })).toBe(0);
      expect(await eventsOf(l.id, "link.sent")).toHaveLength(0);
      expect((await db.onboardingLink.findUniqueOrThrow({ where: { id: l.id } })).sentAt).toBeNull();
    }
  });

  it("another agency's link is not found (404)", async () => {
    const other = await makeAgency("Other Agency");
    const link = await makeLink(agency, clientId, { now: T0 });
    await expectRefused(sendLinkByEmail(other.agencyId, link.id, other.actor, addMinutes(T0, 1)), 404);
    expect(await db.outboundEmail.count({ where: { linkId: link.id } })).toBe(0);
  });
});

describe("delivery through the Resend SDK", () => {
  it("posts the rendered email with the API key and a per-row idempotency key; the row becomes SENT", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    await sendLinkByEmail(agency.agencyId, link.id, agency.actor, addMinutes(T0, 1));
    const queued = await db.outboundEmail.findFirstOrThrow({ where: { linkId: link.id } });
    const now = addMinutes(T0, 2);

    const before = Date.now();
    const result = await runWorkerCycle(createResendTransport(API_KEY, fake.url), now);
    const after = Date.now();
    expect(result.outcomes).toEqual(["sent"]);

    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req).toMatchObject({
      method: "POST",
      path: "/emails",
      authorization: `Bearer ${API_KEY}`,
      idempotencyKey: `outbound-email-${queued.id}`,
      status: 200,
    });
    expect(req.headers["content-type"]).toBe("application/json");
    expect(Object.keys(req.body!).sort()).toEqual(["from", "html", "subject", "text", "to"]);
    expect(req.body).toMatchObject({
      from: getEnv().EMAIL_FROM,
      to: "casey@acme-shoes.example",
      subject: "Northwind Analytics asks for “Read Only” access to your Hotjar site",
    });

    const html = flat(req.body!.html as string);
    const text = req.body!.text as string;
    const linkRow = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    // The client's emails name Hotjar's own level and write dates as the client's page does (English here).
    const expires = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(linkRow.expiresAt);
    const expected = [
      "Northwind Analytics",
      "Access level: Read Only",
      `site ID ${SITE_A}`,
      agency.granteeEmail,
      `${expires} UTC`,
      link.url,
    ];
    for (const value of expected) {
      expect(html, `html: ${value}`).toContain(esc(value));
      expect(text, `text: ${value}`).toContain(value);
    }
    expect(req.body!.html).toContain(`href="${link.url}"`);

    const [delivery] = fake.deliveries();
    const sent = await db.outboundEmail.findUniqueOrThrow({ where: { id: queued.id } });
    expect(sent).toMatchObject({ status: "SENT", attempts: 1, providerId: delivery!.id, lastError: null, leaseExpiresAt: null });
    // When the provider answered (the clock's time), not the cycle's scheduling time.
    expect(sent.sentAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(sent.sentAt!.getTime()).toBeLessThanOrEqual(after);
    expect(fake.deliveries()).toHaveLength(1);
    expect(await db.mailboxMessage.count()).toBe(0); // a provider is configured: nothing goes to the local mailbox

    // Another cycle finds nothing to do.
    expect((await runWorkerCycle(createResendTransport(API_KEY, fake.url), addMinutes(now, 5))).outcomes).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it("a link withdrawn after it was queued is not sent: the email is CANCELLED", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    await sendLinkByEmail(agency.agencyId, link.id, agency.actor, addMinutes(T0, 1));
    await revokeLink(agency.agencyId, link.id, agency.actor, addMinutes(T0, 2));

    const result = await runWorkerCycle(createResendTransport(API_KEY, fake.url), addMinutes(T0, 3));
    expect(result.outcomes).toEqual(["cancelled"]);
    expect(fake.requests).toHaveLength(0);
    const row = await db.outboundEmail.findFirstOrThrow({ where: { linkId: link.id } });
    expect(row.status).toBe("CANCELLED");
    expect(row.lastError).toMatch(/revoked/);
  });
});

describe("the fake provider, driven by the real SDK", () => {
  it("keeps Resend's idempotency: a repeated key gets the first id and is no second delivery", async () => {
    const resend = new Resend(API_KEY, { baseUrl: fake.url });
    const email = { from: "a@portal.example", to: "b@client.example", subject: "s", text: "t" };
    const first = await resend.emails.send(email, { idempotencyKey: "k-1" });
    const again = await resend.emails.send(email, { idempotencyKey: "k-1" });
    expect(first.data?.id).toBeTruthy();
    expect(again.data?.id).toBe(first.data?.id);
    expect(fake.deliveries()).toHaveLength(1);

    // The same key with another payload is refused, as Resend does; the SDK returns the body.
    const other = await resend.emails.send({ ...email, subject: "changed" }, { idempotencyKey: "k-1" });
    expect(other.error).toMatchObject({ statusCode: 409, name: "invalid_idempotent_request" });

    fake.failNext(1, 503);
    expect((await resend.emails.send(email, { idempotencyKey: "k-2" })).error).toMatchObject({
      statusCode: 503,
      name: "service_unavailable",
    });
    expect((await resend.emails.send(email, { idempotencyKey: "k-2" })).data?.id).toBeTruthy(); // a failed key is not kept
    expect(fake.requests.map((r) => r.status)).toEqual([200, 200, 409, 503, 200]);
    expect(fake.deliveries()).toHaveLength(2);
  });
});
