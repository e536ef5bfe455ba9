// Reminders and expiries on a controllable clock: the worker cycle is run at chosen instants and
// each reminder must fire once, at the right time, and never again.
import { addDays, addHours, addMinutes, addSeconds } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { recordExpiredLinks, scheduleReminders } from "~/modules/email/reminders.server";
import { sendLinkByEmail } from "~/modules/email/staff.server";
import { createMailboxTransport } from "~/modules/email/transports.server";
import { runWorkerCycle } from "~/modules/email/worker.server";
import { changeGrant } from "~/modules/grants/grants.server";
import { completeLink, openLinkPage } from "~/modules/links/link-page.server";
import { reissueLink } from "~/modules/links/links.server";

import { eventsOf, makeAgency, makeClient, makeLink, META, nowSeconds, SITE_A, SITE_B, type TestAgency } from "./helpers";

const T0 = nowSeconds();
/** Each test lives on its own stretch of time, so one test's clock never wakes another's links. */
const era = (k: number) => addDays(T0, 100 * k);
let agency: TestAgency;
let clientId: string;
const mailbox = createMailboxTransport();
const cycle = (at: Date) => runWorkerCycle(mailbox, at);

beforeAll(async () => {
  agency = await makeAgency("Northwind Analytics");
  clientId = (await makeClient(agency)).id;
});

/** A link's (or grant's) reminders of one kind, with their mailbox message if delivered. */
async function reminders(where: { linkId?: string; grantId?: string }, kind: string) {
  const rows = await db.outboundEmail.findMany({ where: { ...where, template: "client-reminder" }, include: { mailbox: true } });
  return rows.filter((r) => JSON.parse(r.payload).kind === kind);
}

async function sentLink(at: Date) {
  const link = await makeLink(agency, clientId, { now: at });
  await sendLinkByEmail(agency.agencyId, link.id, agency.actor, at);
  return link;
}

describe("link reminders", () => {
  it("not opened: nothing at +47 h, one at +49 h, none more; expiring: one within 24 h of expiry", async () => {
    const t = era(1);
    const link = await sentLink(t);
    await cycle(addMinutes(t, 1)); // the invitation itself
    const notOpened = () => reminders({ linkId: link.id }, "link-not-opened");
    const expiring = () => reminders({ linkId: link.id }, "link-expiring");

    await cycle(addHours(t, 47));
    expect(await notOpened()).toHaveLength(0);

    await cycle(addHours(t, 49));
    const [first] = await notOpened();
    expect(first).toMatchObject({ status: "SENT", to: "casey@acme-shoes.example", dedupeKey: `reminder:link-not-opened:${link.id}:v1` });
    expect(first!.mailbox!.subject).toBe("Reminder: Northwind Analytics asks for “Read Only” access to your Hotjar site");
    expect(first!.mailbox!.text).toContain(link.url);

    for (const h of [50, 60, 100]) await cycle(addHours(t, h));
    expect(await notOpened()).toHaveLength(1);
    expect(await expiring()).toHaveLength(0);

    // The link expires at t + 7 days: 25 h before, not yet; 23 h before, once.
    await cycle(addHours(t, 7 * 24 - 25));
    expect(await expiring()).toHaveLength(0);
    await cycle(addHours(t, 7 * 24 - 23));
    expect(await expiring()).toMatchObject([{ status: "SENT", to: "casey@acme-shoes.example" }]);
    for (const h of [7 * 24 - 12, 7 * 24 - 1, 8 * 24, 20 * 24]) await cycle(addHours(t, h));
    expect(await expiring()).toHaveLength(1);
    expect(await notOpened()).toHaveLength(1);
  });

  it("an opened link gets no not-opened reminder, but does get the expiring one", async () => {
    const t = era(2);
    const link = await sentLink(t);
    await openLinkPage(link.token, META, addHours(t, 1));
    for (const h of [49, 72, 7 * 24 - 23, 7 * 24 - 2]) await cycle(addHours(t, h));
    expect(await reminders({ linkId: link.id }, "link-not-opened")).toHaveLength(0);
    expect(await reminders({ linkId: link.id }, "link-expiring")).toMatchObject([{ status: "SENT" }]);
  });

  it("a link never sent gets no reminder", async () => {
    const t = era(3);
    const link = await makeLink(agency, clientId, { now: t });
    for (const h of [49, 7 * 24 - 23]) await cycle(addHours(t, h));
    expect(await db.outboundEmail.count({ where: { linkId: link.id } })).toBe(0);
  });

  it("a reminder no longer needed when its turn comes (link opened meanwhile) is CANCELLED, not sent", async () => {
    const t = era(4);
    const link = await sentLink(t);
    await cycle(addMinutes(t, 1));
    expect(await scheduleReminders(addHours(t, 49))).toBeGreaterThanOrEqual(1); // queued, not yet delivered
    const [queued] = await reminders({ linkId: link.id }, "link-not-opened");
    expect(queued!.status).toBe("QUEUED");

    await openLinkPage(link.token, META, addHours(t, 49.5));
    await cycle(addHours(t, 50));
    const [after] = await reminders({ linkId: link.id }, "link-not-opened");
    expect(after).toMatchObject({ id: queued!.id, status: "CANCELLED", lastError: "no longer needed", mailbox: null });
    await cycle(addHours(t, 60));
    expect(await reminders({ linkId: link.id }, "link-not-opened")).toHaveLength(1);
  });
});

describe("many reminders due at once", () => {
  it("more than a page of due links: every one gets its reminder, once", async () => {
    const t = era(9);
    // 230 links sent at t and never opened: more than one page (200) of the worker's query.
    const ids: string[] = [];
    for (let i = 0; i < 230; i++) ids.push((await makeLink(agency, clientId, { now: t })).id);
    await db.onboardingLink.updateMany({ where: { id: { in: ids } }, data: { sentAt: t } });
    const due = () =>
      db.outboundEmail.findMany({ where: { linkId: { in: ids }, template: "client-reminder" }, select: { linkId: true, payload: true } });

    expect(await scheduleReminders(addHours(t, 49))).toBe(230);
    const queued = await due();
    expect(queued.every((r) => JSON.parse(r.payload).kind === "link-not-opened")).toBe(true);
    expect(new Set(queued.map((r) => r.linkId))).toEqual(new Set(ids));
    // The next cycles read past them all and queue nothing again.
    expect(await scheduleReminders(addHours(t, 50))).toBe(0);
    expect(await due()).toHaveLength(230);
  }, 60_000);
});

describe("invitation reminders", () => {
  it("an INVITED grant: one nudge at +3 days, one 'expired' after 7 days, nothing more; an ACTIVE grant: neither", async () => {
    const t = era(5);
    const link = await makeLink(agency, clientId, { now: t, siteIds: [SITE_A, SITE_B] });
    const done = await completeLink(
      link.token,
      { clientName: "Casey Client", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A, SITE_B] },
      META,
      t,
    );
    expect(done.ok).toBe(true);
    const grants = await db.grant.findMany({ where: { linkId: link.id } });
    const invited = grants.find((g) => g.hotjarSiteId === SITE_A)!;
    const active = grants.find((g) => g.hotjarSiteId === SITE_B)!;
    await changeGrant(agency.agencyId, active.id, "verify", agency.actor, addHours(t, 1));

    const nudges = () => reminders({ grantId: invited.id }, "invite-not-accepted");
    const expiredOnes = () => reminders({ grantId: invited.id }, "invite-expired");

    await cycle(addHours(t, 3 * 24 - 1));
    expect(await nudges()).toHaveLength(0);
    await cycle(addHours(t, 3 * 24 + 1));
    const [nudge] = await nudges();
    expect(nudge).toMatchObject({ status: "SENT", to: "casey@acme-shoes.example", linkId: link.id });
    expect(nudge!.mailbox!.subject).toBe("Reminder: please check your Hotjar invitation for Northwind Analytics");
    expect(nudge!.mailbox!.text).toContain(SITE_A);
    expect(nudge!.mailbox!.text).not.toContain("/l/"); // a grant reminder carries no link URL

    for (const h of [4 * 24, 6 * 24, 7 * 24 - 1]) await cycle(addHours(t, h));
    expect(await nudges()).toHaveLength(1);
    expect(await expiredOnes()).toHaveLength(0);

    await cycle(addSeconds(addDays(t, 7), 1));
    expect(await expiredOnes()).toMatchObject([{ status: "SENT" }]);
    expect((await expiredOnes())[0]!.mailbox!.subject).toBe(
      "Reminder: your Hotjar invitation for Northwind Analytics expired, please resend it",
    );

    for (const d of [8, 14, 30, 90]) await cycle(addDays(t, d));
    expect(await nudges()).toHaveLength(1);
    expect(await expiredOnes()).toHaveLength(1);
    expect(await db.outboundEmail.count({ where: { grantId: active.id } })).toBe(0);
  });

  it("a grant verified after the nudge was queued: the nudge is CANCELLED", async () => {
    const t = era(6);
    const link = await makeLink(agency, clientId, { now: t });
    await completeLink(link.token, { clientName: "Casey Client", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A] }, META, t);
    const grant = await db.grant.findFirstOrThrow({ where: { linkId: link.id } });
    await scheduleReminders(addDays(t, 4));
    await changeGrant(agency.agencyId, grant.id, "verify", agency.actor, addDays(t, 4));
    await cycle(addDays(t, 4));
    expect(await reminders({ grantId: grant.id }, "invite-not-accepted")).toMatchObject([{ status: "CANCELLED", mailbox: null }]);
    await cycle(addDays(t, 9));
    expect(await db.outboundEmail.count({ where: { grantId: grant.id } })).toBe(1);
  });
});

describe("recordExpiredLinks", () => {
  it("records one link.expired per expiry, again after a reissue and a new expiry", async () => {
    const t = era(7);
    const link = await makeLink(agency, clientId, { now: t });
    const expired = () => eventsOf(link.id, "link.expired");

    await recordExpiredLinks(addDays(t, 7)); // expiresAt is still >= now
    expect(await expired()).toHaveLength(0);
    await cycle(addSeconds(addDays(t, 7), 1));
    expect(await expired()).toHaveLength(1);
    expect((await expired())[0]).toMatchObject({ actorType: "system" });
    await cycle(addDays(t, 8));
    await recordExpiredLinks(addDays(t, 9));
    expect(await expired()).toHaveLength(1);

    await reissueLink(agency.agencyId, link.id, agency.actor, 7, addDays(t, 9)); // expires at t + 16 days
    await cycle(addDays(t, 15));
    expect(await expired()).toHaveLength(1);
    await cycle(addSeconds(addDays(t, 16), 1));
    await recordExpiredLinks(addDays(t, 20));
    expect(await expired()).toHaveLength(2);
  });

  it("a completed link is never recorded as expired", async () => {
    const t = era(8);
    const link = await makeLink(agency, clientId, { now: t });
    await completeLink(link.token, { clientName: "Casey Client", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A] }, META, t);
    await cycle(addDays(t, 30));
    expect(await eventsOf(link.id, "link.expired")).toHaveLength(0);
  });
});
