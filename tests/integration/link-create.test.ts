import { addDays, addHours } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";

import { setClientArchived } from "~/modules/clients/clients.server";
import { db } from "~/modules/db/db.server";
import { createLink } from "~/modules/links/links.server";
import { parseRequestedSites } from "~/modules/links/requested-sites";

import { TEST_KEY_ID } from "../setup/test-env";
import { eventsOf, linkInput, makeAgency, makeClient, nowSeconds, SITE_A, SITE_B, SITE_OTHER, type TestAgency } from "./helpers";

let agency: TestAgency;
let other: TestAgency;
let clientId: string;

beforeAll(async () => {
  agency = await makeAgency("Northwind Analytics");
  other = await makeAgency("Contoso Growth");
  clientId = (await makeClient(agency)).id;
});

describe("createLink", () => {
  it("returns a short signed URL and stores what was asked", async () => {
    const now = nowSeconds();
    const result = await createLink(agency.agencyId, agency.actor, linkInput(clientId, agency, { siteIds: [SITE_A, SITE_B] }), now);
    if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));

    expect(result.url).toMatch(/^http:\/\/localhost:3000\/l\/[A-Za-z0-9._-]+$/);
    expect(result.url.length).toBeLessThan(200);
    const token = result.url.split("/l/")[1]!;
    // <linkId>.<version>.<expiry>.<kid>.<mac>: the link id and our key id, nothing else in clear
    const [linkId, version, , kid, mac] = token.split(".");
    expect(linkId).toBe(result.linkId);
    expect(version).toBe("1");
    expect(kid).toBe(TEST_KEY_ID);
    expect(mac).toHaveLength(43);

    const link = await db.onboardingLink.findUniqueOrThrow({ where: { id: result.linkId } });
    expect(link).toMatchObject({
      agencyId: agency.agencyId,
      clientId,
      createdById: agency.userId,
      status: "PENDING",
      role: "VIEWER",
      tokenVersion: 1,
      openCount: 0,
      clientPicksSite: false,
      granteeEmail: agency.granteeEmail,
      recipientEmail: "casey@acme-shoes.example",
    });
    expect(link.expiresAt.toISOString()).toBe(addDays(now, 7).toISOString());
    // The token is never stored: no column holds it.
    expect(JSON.stringify(link)).not.toContain(mac);
    expect(parseRequestedSites(link.requestedSites)).toEqual([
      { hotjarSiteId: SITE_A, name: "acme-shoes.example", url: "https://acme-shoes.example" },
      { hotjarSiteId: SITE_B, name: "blog.acme-shoes.example", url: null },
    ]);

    const events = await eventsOf(result.linkId);
    expect(events.map((e) => e.type)).toEqual(["link.created"]);
    expect(events[0]).toMatchObject({ agencyId: agency.agencyId, actorType: "staff", actorId: agency.userId, clientId });
    expect(JSON.parse(events[0]!.details)).toMatchObject({ role: "VIEWER", sites: [SITE_A, SITE_B], lifetimeHours: 168 });
  });

  it("floors the expiry to the second and honours an hour lifetime", async () => {
    const now = new Date(nowSeconds().getTime() + 789);
    const result = await createLink(
      agency.agencyId,
      agency.actor,
      linkInput(clientId, agency, { lifetimeValue: 5, lifetimeUnit: "hours" }),
      now,
    );
    if (!result.ok) throw new Error("refused");
    const link = await db.onboardingLink.findUniqueOrThrow({ where: { id: result.linkId } });
    expect(link.expiresAt.getTime()).toBe(addHours(now, 5).getTime() - 789);
  });

  it("keeps its site snapshot when the client's sites are later renamed", async () => {
    const result = await createLink(agency.agencyId, agency.actor, linkInput(clientId, agency));
    if (!result.ok) throw new Error("refused");
    await db.clientSite.updateMany({ where: { clientId, hotjarSiteId: SITE_A }, data: { name: "renamed.example" } });
    const link = await db.onboardingLink.findUniqueOrThrow({ where: { id: result.linkId } });
    expect(parseRequestedSites(link.requestedSites)[0]!.name).toBe("acme-shoes.example");
    await db.clientSite.updateMany({ where: { clientId, hotjarSiteId: SITE_A }, data: { name: "acme-shoes.example" } });
  });

  it("lets the client pick the site: no sites stored", async () => {
    const result = await createLink(
      agency.agencyId,
      agency.actor,
      linkInput(clientId, agency, { siteMode: "clientPicks", siteIds: [SITE_A] }),
    );
    if (!result.ok) throw new Error("refused");
    const link = await db.onboardingLink.findUniqueOrThrow({ where: { id: result.linkId } });
    expect(link.clientPicksSite).toBe(true);
    expect(parseRequestedSites(link.requestedSites)).toEqual([]);
  });

  describe("refusals (field errors, nothing written)", () => {
    async function countRows() {
      return { links: await db.onboardingLink.count(), events: await db.event.count({ where: { type: "link.created" } }) };
    }

    it("refuses another agency's client", async () => {
      const before = await countRows();
      const result = await createLink(other.agencyId, other.actor, linkInput(clientId, other));
      expect(result).toEqual({ ok: false, fieldErrors: { clientId: [expect.any(String)] } });
      expect(await countRows()).toEqual(before);
    });

    it("refuses an unknown client id", async () => {
      const result = await createLink(agency.agencyId, agency.actor, linkInput("cnotaclient0000000000000", agency));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(Object.keys(result.fieldErrors)).toEqual(["clientId"]);
    });

    it("refuses an archived client", async () => {
      const archived = await makeClient(agency, "Old Client Ltd");
      await setClientArchived(agency.agencyId, archived.id, agency.actor, true);
      const before = await countRows();
      const result = await createLink(agency.agencyId, agency.actor, linkInput(archived.id, agency));
      expect(result).toEqual({ ok: false, fieldErrors: { clientId: [expect.any(String)] } });
      expect(await countRows()).toEqual(before);
    });

    it("refuses a site id that is not the client's", async () => {
      const before = await countRows();
      const result = await createLink(agency.agencyId, agency.actor, linkInput(clientId, agency, { siteIds: [SITE_A, SITE_OTHER] }));
      expect(result).toEqual({ ok: false, fieldErrors: { siteIds: [expect.any(String)] } });
      expect(await countRows()).toEqual(before);
    });

    it("refuses a site of another client of the same agency", async () => {
      const second = await makeClient(agency, "Second Client");
      await db.clientSite.updateMany({ where: { clientId: second.id, hotjarSiteId: SITE_B }, data: { hotjarSiteId: "5555555" } });
      const result = await createLink(agency.agencyId, agency.actor, linkInput(clientId, agency, { siteIds: ["5555555"] }));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(Object.keys(result.fieldErrors)).toEqual(["siteIds"]);
    });
  });
});
