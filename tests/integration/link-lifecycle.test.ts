import { addDays, addMinutes } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";

import { getDashboard } from "~/modules/dashboard/dashboard.server";
import { db } from "~/modules/db/db.server";
import { completeLink, declineLink, openLinkPage, requestNewLink } from "~/modules/links/link-page.server";
import { getLink, listLinks, reissueLink, revokeLink } from "~/modules/links/links.server";

import { BOT_META, eventsOf, makeAgency, makeClient, makeLink, META, nowSeconds, SITE_A, type TestAgency, tokenOf } from "./helpers";

let agency: TestAgency;
let clientId: string;
const T0 = nowSeconds();
const LATER = addDays(T0, 8); // past the default 7-day lifetime

beforeAll(async () => {
  agency = await makeAgency();
  clientId = (await makeClient(agency)).id;
});

describe("declineLink", () => {
  it("records the decline and its reason once", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    const result = await declineLink(link.token, "We are moving away from Hotjar", META, addMinutes(T0, 1));
    expect(result.ok && result.view.status).toBe("DECLINED");
    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row).toMatchObject({ status: "DECLINED", declineReason: "We are moving away from Hotjar" });
    expect(row.declinedAt?.toISOString()).toBe(addMinutes(T0, 1).toISOString());

    expect(await declineLink(link.token, null, META, addMinutes(T0, 2))).toMatchObject({ ok: false, kind: "refused" });
    expect(await eventsOf(link.id, "link.declined")).toHaveLength(1);
  });

  it("an expired link cannot be declined", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    expect(await declineLink(link.token, null, META, LATER)).toMatchObject({
      ok: false,
      kind: "refused",
      message: "This link has expired.",
    });
    expect((await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).status).toBe("PENDING");
  });
});

describe("requestNewLink", () => {
  it("is refused while the link is still valid", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    expect(await requestNewLink(link.token, META, addMinutes(T0, 1))).toMatchObject({ ok: false, kind: "refused" });
    expect((await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).newLinkRequestedAt).toBeNull();
  });

  it("from an expired link: recorded once and shown on the dashboard", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    const first = await requestNewLink(link.token, META, LATER);
    expect(first.ok && first.view.newLinkRequested).toBe(true);
    const second = await requestNewLink(link.token, META, addMinutes(LATER, 5));
    expect(second.ok).toBe(true);

    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.newLinkRequestedAt?.toISOString()).toBe(LATER.toISOString());
    expect(row.status).toBe("PENDING"); // asking only notifies the agency
    expect(await eventsOf(link.id, "link.new_requested")).toHaveLength(1);

    const dashboard = await getDashboard(agency.agencyId, LATER);
    expect(dashboard.newLinkRequests.map((l) => l.id)).toContain(link.id);
    expect((await openLinkPage(link.token, META, LATER))!.newLinkRequested).toBe(true);
  });

  it("is refused for a revoked link even after expiry", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    await revokeLink(agency.agencyId, link.id, agency.actor, addMinutes(T0, 1));
    expect(await requestNewLink(link.token, META, LATER)).toMatchObject({ ok: false, kind: "refused" });
  });
});

describe("reissueLink", () => {
  it("bumps the version: the old URL is dead, the new one works, the request is cleared", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    await openLinkPage(link.token, META, addMinutes(T0, 1));
    await requestNewLink(link.token, META, LATER);

    const { url } = await reissueLink(agency.agencyId, link.id, agency.actor, 3, LATER);
    expect(url).not.toBe(link.url);
    expect(url.length).toBeLessThan(200);
    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row).toMatchObject({ tokenVersion: 2, status: "PENDING", newLinkRequestedAt: null });
    expect(row.expiresAt.toISOString()).toBe(addDays(LATER, 3).toISOString());

    const soon = addMinutes(LATER, 1);
    expect(await openLinkPage(link.token, META, soon)).toBeNull();
    expect(await completeLink(link.token, { clientName: "C", clientEmail: "c@x.example", siteIds: [SITE_A] }, META, soon)).toEqual({
      ok: false,
      kind: "invalid",
    });
    const view = await openLinkPage(tokenOf(url), META, soon);
    expect(view!.status).toBe("OPENED");
    expect((await getLink(agency.agencyId, link.id, soon)).url).toBe(url);
    expect(await eventsOf(link.id, "link.reissued")).toHaveLength(1);
    expect((await getDashboard(agency.agencyId, soon)).newLinkRequests.map((l) => l.id)).not.toContain(link.id);
  });

  it("is refused for a completed link (409)", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    await completeLink(link.token, { clientName: "C", clientEmail: "c@x.example", siteIds: [SITE_A] }, META, addMinutes(T0, 1));
    await expect(reissueLink(agency.agencyId, link.id, agency.actor, 7, addMinutes(T0, 2))).rejects.toMatchObject({ status: 409 });
    expect((await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).tokenVersion).toBe(1);
  });
});

describe("revokeLink", () => {
  it("closes the link for the client and records who did it", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    await revokeLink(agency.agencyId, link.id, agency.actor, addMinutes(T0, 1));
    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.status).toBe("REVOKED");
    expect(row.revokedAt?.toISOString()).toBe(addMinutes(T0, 1).toISOString());
    expect((await openLinkPage(link.token, META, addMinutes(T0, 2)))!.status).toBe("REVOKED");
    expect((await eventsOf(link.id, "link.revoked"))[0]).toMatchObject({ actorType: "staff", actorId: agency.userId });
    await expect(revokeLink(agency.agencyId, link.id, agency.actor, addMinutes(T0, 3))).rejects.toMatchObject({ status: 409 });
  });
});

describe("getDashboard / listLinks", () => {
  it("counts each status of a seeded set", async () => {
    const fresh = await makeAgency("Fresh Agency");
    const cid = (await makeClient(fresh)).id;
    const mk = () => makeLink(fresh, cid, { now: T0 });
    const at = addMinutes(T0, 10);
    const form = { clientName: "C", clientEmail: "c@x.example", siteIds: [SITE_A] };

    await mk();
    await mk(); // pending x2
    await openLinkPage((await mk()).token, META, at); // opened
    await openLinkPage((await mk()).token, BOT_META, at); // scanned only: still pending
    await completeLink((await mk()).token, form, META, at); // completed
    await declineLink((await mk()).token, null, META, at); // declined
    await makeLink(fresh, cid, { now: addDays(T0, -8) }); // expired
    const opened = await makeLink(fresh, cid, { now: addDays(T0, -8) });
    await openLinkPage(opened.token, META, addDays(T0, -7)); // opened, then expired
    await revokeLink(fresh.agencyId, (await mk()).id, fresh.actor, at); // revoked

    const { counts } = await getDashboard(fresh.agencyId, addMinutes(T0, 20));
    expect(counts).toEqual({ PENDING: 3, OPENED: 1, COMPLETED: 1, DECLINED: 1, EXPIRED: 2, REVOKED: 1 });

    const expired = await listLinks(fresh.agencyId, { status: "EXPIRED" }, addMinutes(T0, 20));
    expect(expired.items).toHaveLength(2);
    expect(expired.items.every((l) => l.effectiveStatus === "EXPIRED")).toBe(true);
    expect((await listLinks(fresh.agencyId, {}, addMinutes(T0, 20))).items).toHaveLength(9);
  });
});
