// What the dashboard says needs the agency now (issue 15, item 6): grants waiting for "Mark
// verified", oldest first; the invitations Hotjar is about to drop; and the latest events as
// sentences with the names of the people and clients in them. Rows come from the app's functions.
import { addHours, subHours } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";

import { getDashboard, LAPSE_WARNING_HOURS } from "~/modules/dashboard/dashboard.server";
import { db } from "~/modules/db/db.server";
import { grantInviteExpiresAt } from "~/modules/grants/grant-state";
import { changeGrant } from "~/modules/grants/grants.server";
import { completeLink } from "~/modules/links/link-page.server";
import { CompleteLinkSchema } from "~/modules/links/schemas";
import { HOTJAR_INVITATION_LIFETIME_DAYS } from "~/modules/platforms/hotjar";

import { makeAgency, makeClient, makeLink, META, nowSeconds, SITE_A, SITE_B, type TestAgency } from "./helpers";

const NOW = nowSeconds();
const LIFETIME_HOURS = HOTJAR_INVITATION_LIFETIME_DAYS * 24;

let agency: TestAgency;
let other: TestAgency;

/** A link completed `hoursAgo` hours before NOW for `sites`: one INVITED grant per site, invited then. */
async function completedLink(owner: TestAgency, clientId: string, hoursAgo: number, sites: string[], grantedBy = "Casey Client") {
  const at = subHours(NOW, hoursAgo);
  const link = await makeLink(owner, clientId, { siteIds: sites, lifetimeValue: 30, now: subHours(at, 1) });
  const form = CompleteLinkSchema.parse({ clientName: grantedBy, clientEmail: "casey@acme-shoes.example", siteIds: sites });
  const done = await completeLink(link.token, form, META, at);
  if (!done.ok) throw new Error(JSON.stringify(done));
  return db.grant.findMany({ where: { linkId: link.id }, orderBy: { hotjarSiteId: "asc" } });
}

let expiredInvite: string;
let lapsingSoon: string;
let lapsingLater: string;
let fresh: string[];
let verified: string;

beforeAll(async () => {
  agency = await makeAgency("Queue Agency");
  const acme = (await makeClient(agency, "Acme Shoes")).id;
  const bikes = (await makeClient(agency, "Bright Bikes")).id;
  // Past Hotjar's lifetime by a day: INVITE_EXPIRED, still waiting for the agency.
  expiredInvite = (await completedLink(agency, acme, LIFETIME_HOURS + 24, [SITE_A]))[0]!.id;
  // Lapses in 10 hours, and in 40 hours: both within the warning.
  lapsingSoon = (await completedLink(agency, bikes, LIFETIME_HOURS - 10, [SITE_A], "Robin Rider"))[0]!.id;
  lapsingLater = (await completedLink(agency, acme, LIFETIME_HOURS - 40, [SITE_B]))[0]!.id;
  // Two days in: two sites, one of them verified since.
  const twoSites = await completedLink(agency, acme, 48, [SITE_A, SITE_B]);
  verified = twoSites[0]!.id;
  await changeGrant(agency.agencyId, verified, "verify", agency.actor, NOW);
  // An hour ago.
  fresh = [twoSites[1]!.id, ...(await completedLink(agency, bikes, 1, [SITE_B])).map((g) => g.id)];

  other = await makeAgency("Other Agency");
  const otherClient = (await makeClient(other)).id;
  await completedLink(other, otherClient, LIFETIME_HOURS - 5, [SITE_A, SITE_B]);
});

describe("needs verification", () => {
  it("lists the agency's waiting grants oldest first, lapsed invitations too, with how many there are", async () => {
    const { needsVerification } = await getDashboard(agency.agencyId, NOW);
    expect(needsVerification.total).toBe(5);
    expect(needsVerification.grants.map((g) => g.id)).toEqual([expiredInvite, lapsingSoon, lapsingLater, fresh[0], fresh[1]]);
    expect(needsVerification.grants.map((g) => g.effectiveStatus)).toEqual(["INVITE_EXPIRED", "INVITED", "INVITED", "INVITED", "INVITED"]);
    expect(needsVerification.grants[1]).toMatchObject({ clientName: "Bright Bikes", hotjarSiteId: SITE_A, grantedByName: "Robin Rider" });
    expect(needsVerification.grants.map((g) => g.id)).not.toContain(verified);
  });

  it("drops a grant once it is marked verified", async () => {
    const before = await getDashboard(agency.agencyId, NOW);
    await changeGrant(agency.agencyId, fresh[1]!, "verify", agency.actor, NOW);
    const after = await getDashboard(agency.agencyId, NOW);
    expect(after.needsVerification.total).toBe(before.needsVerification.total - 1);
    expect(after.needsVerification.grants.map((g) => g.id)).not.toContain(fresh[1]);
  });

  it("names the invitations Hotjar drops within the warning, soonest first, and not the lapsed or fresh ones", async () => {
    const { lapsingInvitations } = await getDashboard(agency.agencyId, NOW);
    expect(lapsingInvitations.map((g) => g.id)).toEqual([lapsingSoon, lapsingLater]);
    expect(lapsingInvitations[0]!.inviteExpiresAt).toEqual(addHours(NOW, 10));
    for (const g of lapsingInvitations) {
      expect(g.inviteExpiresAt.getTime()).toBeLessThanOrEqual(addHours(NOW, LAPSE_WARNING_HOURS).getTime());
      expect(g.inviteExpiresAt).toEqual(grantInviteExpiresAt(g));
    }
    // A day later the first has lapsed and the other is still waiting.
    const tomorrow = await getDashboard(agency.agencyId, addHours(NOW, 24));
    expect(tomorrow.lapsingInvitations.map((g) => g.id)).toEqual([lapsingLater]);
  });

  it("never shows another agency's grants", async () => {
    const { needsVerification, lapsingInvitations } = await getDashboard(other.agencyId, NOW);
    expect(needsVerification.total).toBe(2);
    expect(lapsingInvitations).toHaveLength(2);
    const ours = await getDashboard(agency.agencyId, NOW);
    const theirs = new Set(needsVerification.grants.map((g) => g.id));
    expect(ours.needsVerification.grants.some((g) => theirs.has(g.id))).toBe(false);
    expect(ours.lapsingInvitations.some((g) => theirs.has(g.id))).toBe(false);
  });
});

describe("the latest events", () => {
  it("are sentences with the staff member's name, the client's name and the sites", async () => {
    const { events } = await getDashboard(agency.agencyId, NOW);
    const text = events.map((e) => (e.context ? `${e.sentence} · ${e.context}` : e.sentence));
    expect(text).toContain("Olivia Owner verified the access · Acme Shoes, site 1234567");
    expect(text).toContain("Robin Rider confirmed the invitation was sent · Bright Bikes, 1 site");
    expect(text).toContain("Casey Client confirmed the invitation was sent · Acme Shoes, 2 sites");
    expect(events.every((e) => e.agencyId === agency.agencyId)).toBe(true);
    expect(text.join("\n")).not.toMatch(/\b(agency|link|grant|client|team|auth)\.[a-z_]+/);
  });
});
