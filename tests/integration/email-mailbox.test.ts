// The embedded default: without RESEND_API_KEY nothing leaves the machine; the worker delivers
// to a mailbox in the database, once per email however often it is delivered.
import { addMinutes } from "date-fns";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { claimDueEmails, deliverClaimed } from "~/modules/email/delivery.server";
import { LEASE_MS } from "~/modules/email/retry-policy";
import { emailDeliveryCounts, getMailboxMessage, listLinkEmails, listMailbox, sendLinkByEmail } from "~/modules/email/staff.server";
import { createMailboxTransport, transportFromEnv } from "~/modules/email/transports.server";
import { runWorkerCycle } from "~/modules/email/worker.server";
import { getEnv } from "~/modules/env/env.server";
import { revokeLink } from "~/modules/links/links.server";

import { makeAgency, makeClient, makeLink, nowSeconds, type TestAgency } from "./helpers";

const T0 = nowSeconds();
let agency: TestAgency;
let clientId: string;

beforeAll(async () => {
  agency = await makeAgency("Northwind Analytics");
  clientId = (await makeClient(agency)).id;
});
beforeEach(async () => {
  await db.outboundEmail.deleteMany(); // cascades to the mailbox
});

async function queueOne() {
  const link = await makeLink(agency, clientId, { now: T0 });
  await sendLinkByEmail(agency.agencyId, link.id, agency.actor, addMinutes(T0, 1));
  const row = await db.outboundEmail.findFirstOrThrow({ where: { linkId: link.id } });
  return { link, row };
}

describe("the local mailbox", () => {
  it("is the transport when no provider is configured", () => {
    expect(getEnv().RESEND_API_KEY).toBeUndefined();
    expect(transportFromEnv(getEnv()).name).toBe("mailbox");
    expect(transportFromEnv({ RESEND_API_KEY: "re_x_0123456789" }).name).toBe("resend");
  });

  it("receives the email for the agency; the row is SENT with the message as provider id", async () => {
    const { link, row } = await queueOne();
    const now = addMinutes(T0, 2);
    expect((await runWorkerCycle(transportFromEnv(getEnv()), now)).outcomes).toEqual(["sent"]);

    const messages = await db.mailboxMessage.findMany();
    expect(messages).toHaveLength(1);
    const message = messages[0]!;
    expect(message).toMatchObject({
      agencyId: agency.agencyId,
      outboundEmailId: row.id,
      to: "casey@acme-shoes.example",
      from: getEnv().EMAIL_FROM,
    });
    expect(message.subject).toBe("Northwind Analytics asks for “Read Only” access to your Hotjar site");
    expect(message.text).toContain(link.url);
    expect(message.html).toContain(`href="${link.url}"`);

    const sent = await db.outboundEmail.findUniqueOrThrow({ where: { id: row.id } });
    expect(sent).toMatchObject({ status: "SENT", attempts: 1, providerId: `mailbox:${message.id}` });

    // Staff of the agency read it; another agency sees nothing.
    const member = { role: "MEMBER" as const, email: "someone@northwind.example" };
    expect((await listMailbox(agency.agencyId, member)).items.map((m) => m.id)).toEqual([message.id]);
    expect((await getMailboxMessage(agency.agencyId, member, message.id)).text).toContain(link.url);
    const other = await makeAgency("Other Agency");
    expect((await listMailbox(other.agencyId, member)).items).toEqual([]);
    await expect(getMailboxMessage(other.agencyId, member, message.id)).rejects.toMatchObject({ status: 404 });
  });

  it("delivered twice (a re-claim after the lease ran out) still holds exactly one message", async () => {
    const { row } = await queueOne();
    const mailbox = createMailboxTransport();
    const now = addMinutes(T0, 2);
    const [first] = await claimDueEmails(now);
    const later = new Date(now.getTime() + LEASE_MS + 1000);
    const [second] = await claimDueEmails(later); // the first claim's lease has passed
    expect(first!.id).toBe(row.id);
    expect(second!.id).toBe(row.id);
    expect(second!.claimToken).not.toBe(first!.claimToken);

    // The stalled first worker wakes up and delivers, then the second one does.
    expect(await deliverClaimed(first!, mailbox, later)).toBe("lost-claim");
    expect(await deliverClaimed(second!, mailbox, later)).toBe("sent");
    const messages = await db.mailboxMessage.findMany({ where: { outboundEmailId: row.id } });
    expect(messages).toHaveLength(1);
    expect(await db.outboundEmail.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: "SENT",
      attempts: 2,
      providerId: `mailbox:${messages[0]!.id}`,
    });
    // A later cycle has nothing to do.
    expect((await runWorkerCycle(mailbox, addMinutes(later, 5))).outcomes).toEqual([]);
    expect(await db.mailboxMessage.count()).toBe(1);
  });
});

describe("what staff see", () => {
  it("counts queued, sent, failed and cancelled emails, and lists a link's emails", async () => {
    const sent = await queueOne();
    await runWorkerCycle(createMailboxTransport(), addMinutes(T0, 2));
    const cancelled = await queueOne();
    await revokeLink(agency.agencyId, cancelled.link.id, agency.actor, addMinutes(T0, 2));
    await runWorkerCycle(createMailboxTransport(), addMinutes(T0, 3));
    const failed = await queueOne();
    await db.outboundEmail.update({ where: { id: failed.row.id }, data: { status: "FAILED", lastError: "422 validation_error: x" } });
    await queueOne(); // still queued

    expect(await emailDeliveryCounts(agency.agencyId)).toEqual({ QUEUED: 1, SENDING: 0, SENT: 1, FAILED: 1, CANCELLED: 1 });
    const other = await makeAgency("Third Agency");
    expect(await emailDeliveryCounts(other.agencyId)).toEqual({ QUEUED: 0, SENDING: 0, SENT: 0, FAILED: 0, CANCELLED: 0 });

    const listed = await listLinkEmails(agency.agencyId, sent.link.id);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ status: "SENT", attempts: 1, template: "link-invitation", to: "casey@acme-shoes.example" });
    expect(await listLinkEmails(other.agencyId, sent.link.id)).toEqual([]);
  });
});
