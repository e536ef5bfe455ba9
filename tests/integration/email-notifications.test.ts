// Agency notifications: what a client does on the link page queues one email to the link's
// creator (and one to the agency's notification address), in the same transaction.
import { addDays, addMinutes } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { createMailboxTransport } from "~/modules/email/transports.server";
import { runWorkerCycle } from "~/modules/email/worker.server";
import { completeLink, declineLink, openLinkPage, requestNewLink } from "~/modules/links/link-page.server";

import { BOT_META, makeAgency, makeClient, makeLink, META, nowSeconds, SITE_A, SITE_B, type TestAgency } from "./helpers";

const T0 = nowSeconds();
const LATER = addDays(T0, 8); // past the default 7-day lifetime
const CASEY = { clientName: "Casey Client", clientEmail: "casey@acme-shoes.example" };
const ALERTS = "alerts@northwind.example";
let plain: { agency: TestAgency; clientId: string };
let withAddress: { agency: TestAgency; clientId: string };

beforeAll(async () => {
  const a = await makeAgency("Northwind Analytics");
  plain = { agency: a, clientId: (await makeClient(a)).id };
  const b = await makeAgency("Southwind Analytics");
  await db.agency.update({ where: { id: b.agencyId }, data: { notificationEmail: ALERTS } });
  withAddress = { agency: b, clientId: (await makeClient(b)).id };
});

async function notifications(linkId: string, kind?: string) {
  const rows = await db.outboundEmail.findMany({
    where: { linkId, template: "agency-notification" },
    include: { mailbox: true },
    orderBy: { to: "asc" },
  });
  return kind ? rows.filter((r) => JSON.parse(r.payload).kind === kind) : rows;
}

describe.each([
  ["without a notification address", () => plain, (a: TestAgency) => [a.email]],
  ["with a notification address", () => withAddress, (a: TestAgency) => [ALERTS, a.email].sort()],
])("agency notifications %s", (_, setup, recipients) => {
  it("the first open queues one link-opened email per recipient; later opens and bots none", async () => {
    const { agency, clientId } = setup();
    const link = await makeLink(agency, clientId, { now: T0 });
    await openLinkPage(link.token, BOT_META, addMinutes(T0, 1)); // a mail filter's scanner
    expect(await notifications(link.id)).toHaveLength(0);

    await openLinkPage(link.token, META, addMinutes(T0, 2));
    await openLinkPage(link.token, META, addMinutes(T0, 3));
    const rows = await notifications(link.id, "link-opened");
    expect(rows.map((r) => r.to)).toEqual(recipients(agency));
    expect(rows.every((r) => r.status === "QUEUED" && r.agencyId === agency.agencyId)).toBe(true);
    expect(await notifications(link.id)).toHaveLength(recipients(agency).length);

    await runWorkerCycle(createMailboxTransport(), addMinutes(T0, 4));
    for (const r of await notifications(link.id, "link-opened")) {
      expect(r.status).toBe("SENT");
      expect(r.mailbox!.subject).toBe("[Acme Shoes] link opened");
      expect(r.mailbox!.text).toContain(`/a/`); // the staff page of the link
      expect(r.mailbox!.text).not.toContain(link.token);
    }
  });

  it("completing queues one link-completed email per recipient, listing the grants", async () => {
    const { agency, clientId } = setup();
    const link = await makeLink(agency, clientId, { now: T0, siteIds: [SITE_A, SITE_B] });
    const done = await completeLink(link.token, { ...CASEY, siteIds: [SITE_A, SITE_B] }, META, addMinutes(T0, 1));
    expect(done.ok).toBe(true);
    // A second click is refused and queues nothing more.
    await completeLink(link.token, { ...CASEY, siteIds: [SITE_A] }, META, addMinutes(T0, 2));
    expect((await notifications(link.id, "link-completed")).map((r) => r.to)).toEqual(recipients(agency));

    await runWorkerCycle(createMailboxTransport(), addMinutes(T0, 3));
    for (const r of await notifications(link.id, "link-completed")) {
      expect(r.status).toBe("SENT");
      expect(r.mailbox!.subject).toBe("[Acme Shoes] link completed");
      for (const line of [
        `acme-shoes.example (site ID ${SITE_A}): granted by Casey Client <casey@acme-shoes.example>`,
        `blog.acme-shoes.example (site ID ${SITE_B}): granted by Casey Client <casey@acme-shoes.example>`,
      ])
        expect(r.mailbox!.text).toContain(line);
    }
  });

  it("declining queues one link-declined email per recipient, with the reason", async () => {
    const { agency, clientId } = setup();
    const link = await makeLink(agency, clientId, { now: T0 });
    expect((await declineLink(link.token, "We are moving away from Hotjar", META, addMinutes(T0, 1))).ok).toBe(true);
    expect((await notifications(link.id, "link-declined")).map((r) => r.to)).toEqual(recipients(agency));

    await runWorkerCycle(createMailboxTransport(), addMinutes(T0, 2));
    for (const r of await notifications(link.id, "link-declined")) {
      expect(r.mailbox!.subject).toBe("[Acme Shoes] link declined");
      expect(r.mailbox!.text).toContain("We are moving away from Hotjar");
    }
  });

  it("asking for a new link from an expired page queues one new-link-requested email per recipient, once", async () => {
    const { agency, clientId } = setup();
    const link = await makeLink(agency, clientId, { now: T0 });
    expect((await requestNewLink(link.token, META, LATER)).ok).toBe(true);
    expect((await requestNewLink(link.token, META, addMinutes(LATER, 5))).ok).toBe(true);
    expect((await notifications(link.id, "new-link-requested")).map((r) => r.to)).toEqual(recipients(agency));
    expect(await notifications(link.id)).toHaveLength(recipients(agency).length);

    await runWorkerCycle(createMailboxTransport(), addMinutes(LATER, 6));
    for (const r of await notifications(link.id, "new-link-requested")) {
      expect(r.status).toBe("SENT");
      expect(r.mailbox!.subject).toBe("[Acme Shoes] new link requested");
    }
  });

  it("a refused client action queues nothing", async () => {
    const { agency, clientId } = setup();
    const link = await makeLink(agency, clientId, { now: T0 });
    expect(await completeLink(link.token, { ...CASEY, siteIds: [SITE_A] }, META, LATER)).toMatchObject({ ok: false, kind: "refused" });
    expect(await declineLink(link.token, null, META, LATER)).toMatchObject({ ok: false, kind: "refused" });
    expect(await requestNewLink(link.token, META, addMinutes(T0, 1))).toMatchObject({ ok: false, kind: "refused" });
    expect(await notifications(link.id)).toHaveLength(0);
  });
});

describe("a notification address that is also the creator's", () => {
  it("gets one email, not two", async () => {
    const agency = await makeAgency("Eastwind Analytics");
    await db.agency.update({ where: { id: agency.agencyId }, data: { notificationEmail: agency.email } });
    const link = await makeLink(agency, (await makeClient(agency)).id, { now: T0 });
    await openLinkPage(link.token, META, addMinutes(T0, 1));
    expect((await notifications(link.id)).map((r) => r.to)).toEqual([agency.email]);
  });
});
