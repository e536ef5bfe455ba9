// The dashboard's funnel (issue 15, item 6), counted by the database: links sent in the period,
// then opened, completed and verified, the rates between the steps and the median time from sent
// to completed. Every row comes from the app's own functions; the clock is moved (Date only) so
// that links are created days apart, as Prisma stamps createdAt with the time of the call.
import { addHours, subDays } from "date-fns";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { getDashboard } from "~/modules/dashboard/dashboard.server";
import { funnelSteps } from "~/modules/dashboard/funnel";
import { getFunnel } from "~/modules/dashboard/funnel.server";
import { db } from "~/modules/db/db.server";
import { changeGrant } from "~/modules/grants/grants.server";
import { completeLink, declineLink, openLinkPage } from "~/modules/links/link-page.server";
import { revokeLink } from "~/modules/links/links.server";
import { CompleteLinkSchema } from "~/modules/links/schemas";

import { BOT_META, makeAgency, makeClient, makeLink, META, nowSeconds, SITE_A, SITE_B, type TestAgency } from "./helpers";

const NOW = nowSeconds();
const HOUR = 60 * 60 * 1000;

afterEach(() => {
  vi.useRealTimers();
});

/** Runs `step` with the clock at `at` (only Date moves: the database driver's timers do not). */
async function at<T>(when: Date, step: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(when);
  try {
    return await step();
  } finally {
    vi.useRealTimers();
  }
}

type Journey = {
  sentDaysAgo: number;
  sites?: string[];
  /** Hours after sending: the client opens the page in a browser (or, with `bot`, one taken for a scanner). */
  open?: boolean;
  bot?: boolean;
  completeAfterHours?: number;
  decline?: boolean;
  revoke?: boolean;
  /** After completing: sites the agency verifies, and sites it revokes without verifying. */
  verify?: string[];
  revokeGrants?: string[];
};

/** One link through the app's functions, each step at its own time. */
async function journey(agency: TestAgency, clientId: string, j: Journey) {
  const sent = subDays(NOW, j.sentDaysAgo);
  const sites = j.sites ?? [SITE_A];
  const link = await at(sent, () => makeLink(agency, clientId, { siteIds: sites, lifetimeValue: 30 }));
  if (j.open) await at(addHours(sent, 0.5), () => openLinkPage(link.token, j.bot ? BOT_META : META));
  if (j.decline) await at(addHours(sent, 1), () => declineLink(link.token, "Not now", META));
  if (j.revoke) await at(addHours(sent, 1), () => revokeLink(agency.agencyId, link.id, agency.actor));
  if (j.completeAfterHours !== undefined) {
    const form = CompleteLinkSchema.parse({ clientName: "Casey Client", clientEmail: "casey@acme-shoes.example", siteIds: sites });
    const done = await at(addHours(sent, j.completeAfterHours), () => completeLink(link.token, form, META));
    expect(done.ok).toBe(true);
    const grants = await db.grant.findMany({ where: { linkId: link.id } });
    for (const site of j.verify ?? []) {
      const grant = grants.find((g) => g.hotjarSiteId === site)!;
      await at(addHours(sent, j.completeAfterHours + 1), () => changeGrant(agency.agencyId, grant.id, "verify", agency.actor));
    }
    for (const site of j.revokeGrants ?? []) {
      const grant = grants.find((g) => g.hotjarSiteId === site)!;
      await at(addHours(sent, j.completeAfterHours + 1), () => changeGrant(agency.agencyId, grant.id, "revoke", agency.actor));
    }
  }
  return link;
}

let agency: TestAgency;
let other: TestAgency;

beforeAll(async () => {
  agency = await makeAgency("Funnel Agency");
  const clientId = (await makeClient(agency)).id;
  // 40 days ago: only the 90-day period sees it. Completed in 1 hour; its one grant revoked unverified.
  await journey(agency, clientId, { sentDaysAgo: 40, open: true, completeAfterHours: 1, revokeGrants: [SITE_A] });
  // 20 days ago: completed in 8 hours, one site verified and the other revoked unverified: not every site verified.
  await journey(agency, clientId, {
    sentDaysAgo: 20,
    sites: [SITE_A, SITE_B],
    open: true,
    completeAfterHours: 8,
    verify: [SITE_A],
    revokeGrants: [SITE_B],
  });
  // 10 days ago: completed in 2 hours, both sites verified.
  await journey(agency, clientId, {
    sentDaysAgo: 10,
    sites: [SITE_A, SITE_B],
    open: true,
    completeAfterHours: 2,
    verify: [SITE_A, SITE_B],
  });
  // 5 days ago: completed in 6 hours, 1 of 2 sites verified: not verified yet.
  await journey(agency, clientId, { sentDaysAgo: 5, sites: [SITE_A, SITE_B], open: true, completeAfterHours: 6, verify: [SITE_A] });
  // 4 days ago: completed in 3 hours, verified, then the access ended: it was verified.
  await journey(agency, clientId, { sentDaysAgo: 4, open: true, completeAfterHours: 3, verify: [SITE_A], revokeGrants: [SITE_A] });
  // 3 days ago: opened and declined; 2 days ago: opened only; 1 day ago: untouched, and revoked.
  await journey(agency, clientId, { sentDaysAgo: 3, open: true, decline: true });
  await journey(agency, clientId, { sentDaysAgo: 2, open: true });
  await journey(agency, clientId, { sentDaysAgo: 1 });
  await journey(agency, clientId, { sentDaysAgo: 1, revoke: true });
  // 1 day ago: completed in 4 hours from a browser the page took for a scanner (no open counted).
  await journey(agency, clientId, { sentDaysAgo: 1, open: true, bot: true, completeAfterHours: 4 });

  // Another agency: everything done, slowly. None of it may reach the first agency's funnel.
  other = await makeAgency("Other Agency");
  const otherClient = (await makeClient(other)).id;
  for (const days of [1, 4, 15, 60]) {
    await journey(other, otherClient, { sentDaysAgo: days, open: true, completeAfterHours: 48, verify: [SITE_A] });
  }
  await journey(other, otherClient, { sentDaysAgo: 2 });
});

describe("the dashboard's funnel", () => {
  it("counts the last 30 days: sent, opened, completed, verified, and the median time to complete", async () => {
    expect(await getFunnel(agency.agencyId, 30, NOW)).toEqual({
      sent: 9,
      // declined, opened, and completed without a counted open count as opened
      opened: 7,
      completed: 5,
      // the links whose every site was verified, the one whose access ended since included
      verified: 2,
      // 2, 3, 4, 6 and 8 hours: the middle one
      medianSentToCompletedMs: 4 * HOUR,
    });
  });

  it("narrows to 7 days and widens to 90", async () => {
    expect(await getFunnel(agency.agencyId, 7, NOW)).toEqual({
      sent: 7,
      opened: 5,
      completed: 3,
      verified: 1,
      medianSentToCompletedMs: 4 * HOUR, // 3, 4 and 6 hours
    });
    expect(await getFunnel(agency.agencyId, 90, NOW)).toEqual({
      sent: 10,
      opened: 8,
      completed: 6,
      verified: 2, // the 40-day-old link's only grant was revoked, never verified
      medianSentToCompletedMs: 3.5 * HOUR, // 1, 2, 3, 4, 6, 8 hours: the mean of the middle two
    });
  });

  it("gives the rates between the steps", async () => {
    const steps = funnelSteps(await getFunnel(agency.agencyId, 30, NOW));
    expect(steps.map((s) => [s.key, s.count, s.rateFromPrevious])).toEqual([
      ["sent", 9, null],
      ["opened", 7, 7 / 9],
      ["completed", 5, 5 / 7],
      ["verified", 2, 2 / 5],
    ]);
    expect(steps.map((s) => s.shareOfSent)).toEqual([1, 7 / 9, 5 / 9, 2 / 9]);
  });

  it("never counts another agency's links", async () => {
    expect(await getFunnel(other.agencyId, 30, NOW)).toEqual({
      sent: 4,
      opened: 3,
      completed: 3,
      verified: 3,
      medianSentToCompletedMs: 48 * HOUR,
    });
    const empty = await makeAgency("Empty Agency");
    expect(await getFunnel(empty.agencyId, 90, NOW)).toEqual({
      sent: 0,
      opened: 0,
      completed: 0,
      verified: 0,
      medianSentToCompletedMs: null,
    });
  });

  it("is part of the dashboard, for the period asked for", async () => {
    const dashboard = await getDashboard(agency.agencyId, NOW, 7);
    expect(dashboard.funnel).toMatchObject({ days: 7, sent: 7, completed: 3 });
    expect((await getDashboard(agency.agencyId, NOW)).funnel).toMatchObject({ days: 30, sent: 9 });
  });
});
