import { addDays, addMinutes } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { completeLink, declineLink, openLinkPage } from "~/modules/links/link-page.server";
import { revokeLink } from "~/modules/links/links.server";
import { CompleteLinkSchema } from "~/modules/links/schemas";

import {
  eventsOf,
  makeAgency,
  makeClient,
  makeLink,
  mangle,
  META,
  nowSeconds,
  SITE_A,
  SITE_B,
  SITE_OTHER,
  type TestAgency,
} from "./helpers";

let agency: TestAgency;
let clientId: string;
const T0 = nowSeconds();
const SOON = addMinutes(T0, 5);

/** The client's form, parsed by the route's own schema. */
const form = (siteIds: string[]) =>
  CompleteLinkSchema.parse({ clientName: "Casey Client", clientEmail: "Casey@Acme-Shoes.example", siteIds });

beforeAll(async () => {
  agency = await makeAgency();
  clientId = (await makeClient(agency)).id;
});

async function snapshot(linkId: string) {
  const link = await db.onboardingLink.findUniqueOrThrow({ where: { id: linkId } });
  const grants = await db.grant.count({ where: { linkId } });
  const completed = (await eventsOf(linkId, "link.completed")).length;
  return { status: link.status, completedAt: link.completedAt, grants, completed };
}

describe("completeLink", () => {
  it("creates one INVITED grant per site with the client's name and email, and completes the link", async () => {
    const link = await makeLink(agency, clientId, { siteIds: [SITE_A, SITE_B], now: T0 });
    await openLinkPage(link.token, META, addMinutes(T0, 1));

    const result = await completeLink(link.token, form([SITE_A, SITE_B]), META, SOON);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.view.status).toBe("COMPLETED");
    expect(result.view.grants.map((g) => g.hotjarSiteId).sort()).toEqual([SITE_A, SITE_B]);

    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.status).toBe("COMPLETED");
    expect(row.completedAt?.toISOString()).toBe(SOON.toISOString());

    const grants = await db.grant.findMany({ where: { linkId: link.id }, orderBy: { hotjarSiteId: "asc" } });
    expect(grants).toHaveLength(2);
    for (const g of grants) {
      expect(g).toMatchObject({
        agencyId: agency.agencyId,
        clientId,
        status: "INVITED",
        role: "VIEWER",
        granteeEmail: agency.granteeEmail,
        grantedByName: "Casey Client",
        grantedByEmail: "casey@acme-shoes.example",
      });
      expect(g.invitedAt.toISOString()).toBe(SOON.toISOString());
    }
    expect(grants[0]).toMatchObject({ hotjarSiteId: SITE_A, siteName: "acme-shoes.example", siteUrl: "https://acme-shoes.example" });
    expect(grants[1]).toMatchObject({ hotjarSiteId: SITE_B, siteName: "blog.acme-shoes.example", siteUrl: null });

    const events = await eventsOf(link.id, "link.completed");
    expect(events).toHaveLength(1);
    expect(events[0]!.actorLabel).toBe("Casey Client <casey@acme-shoes.example>");

    // The page now shows what was granted, and a second click changes nothing.
    const view = await openLinkPage(link.token, META, addMinutes(T0, 6));
    expect(view!.status).toBe("COMPLETED");
    const again = await completeLink(link.token, form([SITE_A, SITE_B]), META, addMinutes(T0, 7));
    expect(again).toMatchObject({ ok: false, kind: "refused", message: "This link has already been completed." });
    expect(await snapshot(link.id)).toMatchObject({ status: "COMPLETED", grants: 2, completed: 1 });
  });

  it("a subset of the requested sites is accepted", async () => {
    const link = await makeLink(agency, clientId, { siteIds: [SITE_A, SITE_B], now: T0 });
    const result = await completeLink(link.token, form([SITE_B]), META, SOON);
    expect(result.ok).toBe(true);
    expect(await db.grant.findMany({ where: { linkId: link.id }, select: { hotjarSiteId: true } })).toEqual([{ hotjarSiteId: SITE_B }]);
  });

  it("a site that was not requested is a field error and nothing is written", async () => {
    const link = await makeLink(agency, clientId, { siteIds: [SITE_A], now: T0 });
    const result = await completeLink(link.token, form([SITE_A, SITE_OTHER]), META, SOON);
    expect(result).toMatchObject({ ok: false, kind: "field", field: "siteIds" });
    expect(await snapshot(link.id)).toEqual({ status: "PENDING", completedAt: null, grants: 0, completed: 0 });
  });

  it('a "client picks the site" link accepts any site id', async () => {
    const link = await makeLink(agency, clientId, { siteMode: "clientPicks", now: T0 });
    const result = await completeLink(link.token, form([SITE_OTHER]), META, SOON);
    expect(result.ok).toBe(true);
    const grants = await db.grant.findMany({ where: { linkId: link.id } });
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ hotjarSiteId: SITE_OTHER, siteName: null, status: "INVITED" });
  });

  it("a mangled token is invalid and writes nothing", async () => {
    const link = await makeLink(agency, clientId, { now: T0 });
    expect(await completeLink(mangle(link.token), form([SITE_A]), META, SOON)).toEqual({ ok: false, kind: "invalid" });
    expect(await snapshot(link.id)).toMatchObject({ status: "PENDING", grants: 0, completed: 0 });
  });

  describe("a closed link is refused and writes nothing", () => {
    it("expired", async () => {
      const link = await makeLink(agency, clientId, { now: T0 });
      await openLinkPage(link.token, META, addMinutes(T0, 1));
      const result = await completeLink(link.token, form([SITE_A]), META, addDays(T0, 8));
      expect(result).toMatchObject({ ok: false, kind: "refused", message: "This link has expired." });
      if (result.ok || result.kind !== "refused") return;
      expect(result.view.status).toBe("EXPIRED");
      expect(await snapshot(link.id)).toEqual({ status: "OPENED", completedAt: null, grants: 0, completed: 0 });
    });

    it("still usable at its exact expiry instant, refused one second later", async () => {
      const link = await makeLink(agency, clientId, { now: T0 });
      const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
      const late = await completeLink(link.token, form([SITE_A]), META, new Date(row.expiresAt.getTime() + 1000));
      expect(late).toMatchObject({ ok: false, kind: "refused" });
      expect((await completeLink(link.token, form([SITE_A]), META, row.expiresAt)).ok).toBe(true);
    });

    it("revoked (the peer bug: a cancelled link must not flip to completed)", async () => {
      const link = await makeLink(agency, clientId, { now: T0 });
      await openLinkPage(link.token, META, addMinutes(T0, 1));
      await revokeLink(agency.agencyId, link.id, agency.actor, addMinutes(T0, 2));
      const result = await completeLink(link.token, form([SITE_A]), META, SOON);
      expect(result).toMatchObject({ ok: false, kind: "refused", message: "This link has been revoked." });
      if (result.ok || result.kind !== "refused") return;
      expect(result.view.status).toBe("REVOKED");
      expect(await snapshot(link.id)).toEqual({ status: "REVOKED", completedAt: null, grants: 0, completed: 0 });
    });

    it("declined", async () => {
      const link = await makeLink(agency, clientId, { now: T0 });
      expect((await declineLink(link.token, "Not now", META, addMinutes(T0, 1))).ok).toBe(true);
      const result = await completeLink(link.token, form([SITE_A]), META, SOON);
      expect(result).toMatchObject({ ok: false, kind: "refused", message: "This link has been declined." });
      expect(await snapshot(link.id)).toEqual({ status: "DECLINED", completedAt: null, grants: 0, completed: 0 });
    });
  });
});
