// The links list (issue 15, item 7): one search box finds a link by its client's name, the
// contact's or recipient's email, or a Hotjar site id (typed or pasted as a Hotjar address);
// each row carries the recipient, the sites by name, sent and opened times, and how many of
// its sites the agency has verified (grant-state's statuses), all inside the agency.
import { describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { sendLinkByEmail } from "~/modules/email/staff.server";
import { changeGrant } from "~/modules/grants/grants.server";
import { completeLink, openLinkPage } from "~/modules/links/link-page.server";
import { listLinks } from "~/modules/links/links.server";

import { makeAgency, makeClient, makeLink, META, SITE_A, SITE_B, SITE_OTHER, type TestAgency } from "./helpers";

async function clientWith(agency: TestAgency, name: string, contactEmail: string) {
  const client = await makeClient(agency, name);
  await db.client.update({ where: { id: client.id }, data: { contactEmail } });
  return client;
}

const names = async (agencyId: string, q: string) => (await listLinks(agencyId, { q })).items.map((l) => l.client.name).sort();

describe("the links list's search", () => {
  it("finds links by client name, contact email, recipient email or Hotjar site id, and nothing else", async () => {
    const agency = await makeAgency();
    const acme = await clientWith(agency, "Acme Shoes", "casey@acme-shoes.example");
    const globex = await clientWith(agency, "Globex Hats", "gina@globex.example");
    await makeLink(agency, acme.id, { siteIds: [SITE_A] });
    await makeLink(agency, globex.id, { siteIds: [SITE_B] });
    // Another agency's link on the same site and the same email is never found.
    const other = await makeAgency("Other agency");
    await makeLink(other, (await clientWith(other, "Other client", "gina@globex.example")).id, { siteIds: [SITE_B] });

    expect(await names(agency.agencyId, "GLOBEX hats")).toEqual(["Globex Hats"]);
    expect(await names(agency.agencyId, "gina@globex")).toEqual(["Globex Hats"]);
    expect(await names(agency.agencyId, SITE_B)).toEqual(["Globex Hats"]);
    expect(await names(agency.agencyId, `https://insights.hotjar.com/site/${SITE_A}/overview`)).toEqual(["Acme Shoes"]);
    // A site id matches whole: a part of one is not that site.
    expect(await names(agency.agencyId, SITE_A.slice(0, 5))).toEqual([]);
    expect(await names(agency.agencyId, SITE_OTHER)).toEqual([]);
    expect(await names(agency.agencyId, "nobody@nowhere.example")).toEqual([]);
  });

  it("finds a 'client picks' link by the site its client granted", async () => {
    const agency = await makeAgency();
    const acme = await makeClient(agency, "Acme Shoes");
    const link = await makeLink(agency, acme.id, { siteMode: "clientPicks" });
    expect(await names(agency.agencyId, SITE_OTHER)).toEqual([]);
    const done = await completeLink(
      link.token,
      { clientName: "Casey", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_OTHER] },
      META,
    );
    expect(done.ok).toBe(true);
    expect(await names(agency.agencyId, SITE_OTHER)).toEqual(["Acme Shoes"]);
    const [row] = (await listLinks(agency.agencyId, { q: SITE_OTHER })).items;
    expect(row!.sites).toEqual([{ hotjarSiteId: SITE_OTHER, name: null }]);
  });

  it("combines with the status filter", async () => {
    const agency = await makeAgency();
    const acme = await makeClient(agency, "Acme Shoes");
    const open = await makeLink(agency, acme.id);
    const done = await makeLink(agency, acme.id);
    await completeLink(done.token, { clientName: "Casey", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A] }, META);
    expect((await listLinks(agency.agencyId, { q: SITE_A, status: "COMPLETED" })).items.map((l) => l.id)).toEqual([done.id]);
    expect((await listLinks(agency.agencyId, { q: SITE_A, status: "PENDING" })).items.map((l) => l.id)).toEqual([open.id]);
  });
});

describe("the links list's columns", () => {
  it("recipient, sites by name, sent, opened, and grant progress from the grants' statuses", async () => {
    const agency = await makeAgency();
    const acme = await makeClient(agency, "Acme Shoes");
    const link = await makeLink(agency, acme.id, { siteIds: [SITE_A, SITE_B] });

    let [row] = (await listLinks(agency.agencyId, {})).items;
    expect(row).toMatchObject({
      recipientEmail: "casey@acme-shoes.example",
      sentAt: null,
      firstOpenedAt: null,
      effectiveStatus: "PENDING",
      progress: { verified: 0, total: 0 },
    });
    expect(row!.sites).toEqual([
      { hotjarSiteId: SITE_A, name: "acme-shoes.example" },
      { hotjarSiteId: SITE_B, name: "blog.acme-shoes.example" },
    ]);
    expect(row!.url).toMatch(/\/l\//);

    await sendLinkByEmail(agency.agencyId, link.id, agency.actor);
    await openLinkPage(link.token, META);
    const done = await completeLink(
      link.token,
      { clientName: "Casey", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A, SITE_B] },
      META,
    );
    expect(done.ok).toBe(true);
    const grant = await db.grant.findFirstOrThrow({ where: { linkId: link.id, hotjarSiteId: SITE_A } });
    await changeGrant(agency.agencyId, grant.id, "verify", agency.actor);

    [row] = (await listLinks(agency.agencyId, {})).items;
    expect(row!.sentAt).toBeInstanceOf(Date);
    expect(row!.firstOpenedAt).toBeInstanceOf(Date);
    expect(row!.effectiveStatus).toBe("COMPLETED");
    expect(row!.progress).toEqual({ verified: 1, waiting: 1, revoked: 0, total: 2 });
    // A completed link has nothing left to copy or send.
    expect(row!.url).toBeNull();
  });
});
