// The queries that grow with an agency (its list pages, the dashboard) and with the whole
// database (the worker's sweeps) each read an index made for them (docs/decisions/022). On
// SQLite the test asks the planner (EXPLAIN QUERY PLAN) about the very SQL the app sends, recorded
// as it runs; SQLite plans by rules, not by row counts, so a small database shows the plan a
// large one gets. On PostgreSQL, whose plans follow its statistics, it checks the indexes exist.
import { beforeAll, describe, expect, it } from "vitest";

import { onPostgres } from "../setup/test-database";
import { installRecordingDb } from "../support/recording-db";

const statements = installRecordingDb();

const { db } = await import("~/modules/db/db.server");
const { listLinks } = await import("~/modules/links/links.server");
const { getDashboard } = await import("~/modules/dashboard/dashboard.server");
const { listClients } = await import("~/modules/clients/clients.server");
const { listAuditEvents } = await import("~/modules/audit/audit-log.server");
const { listReviews, scheduleReviewNotices } = await import("~/modules/reviews/reviews.server");
const { recordExpiredLinks, scheduleReminders } = await import("~/modules/email/reminders.server");
const { makeAgency, makeClient, makeLink } = await import("./helpers");

/** Each index of docs/decisions/022 and the table it belongs to. */
const INDEXES = {
  linksNewest: "OnboardingLink_agencyId_createdAt_id_idx",
  linksByStatus: "OnboardingLink_agencyId_status_createdAt_id_idx",
  linksByExpiry: "OnboardingLink_agencyId_status_expiresAt_idx",
  linksNewRequested: "OnboardingLink_agencyId_newLinkRequestedAt_idx",
  linksFunnel: "OnboardingLink_funnel_idx",
  linksSweep: "OnboardingLink_status_expiresAt_expiryRecordedAt_idx",
  linksAccessEnd: "OnboardingLink_accessEndsAt_idx",
  linksOfClient: "OnboardingLink_clientId_idx",
  linksOfIntake: "OnboardingLink_intakeLinkId_createdAt_idx",
  eventsNewest: "Event_agencyId_createdAt_id_idx",
  eventsOfClient: "Event_clientId_createdAt_id_idx",
  grantsByReview: "Grant_agencyId_status_reviewAt_idx",
  grantsAwaitingRemoval: "Grant_agencyId_status_removalConfirmedAt_revokedAt_idx",
  grantsInvited: "Grant_status_invitedAt_idx",
  grantsWaiting: "Grant_agencyId_status_invitedAt_idx",
} as const;

/** Indexes the ones above replace: a prefix of a longer one, kept by nobody. */
const DROPPED = ["OnboardingLink_agencyId_createdAt_idx", "Event_agencyId_createdAt_idx", "Grant_agencyId_status_idx"];

let agencyId: string;
let clientId: string;

beforeAll(async () => {
  const agency = await makeAgency();
  const client = await makeClient(agency);
  await makeLink(agency, client.id);
  agencyId = agency.agencyId;
  clientId = client.id;
});

describe.skipIf(!onPostgres)("indexes on PostgreSQL", () => {
  it("every index of the decision exists, and none it replaced", async () => {
    const rows = await db.$queryRawUnsafe<{ indexname: string }[]>(
      "SELECT indexname::text AS indexname FROM pg_indexes WHERE schemaname = current_schema()",
    );
    const names = rows.map((r) => r.indexname);
    expect(names).toEqual(expect.arrayContaining(Object.values(INDEXES)));
    expect(names.filter((n) => DROPPED.includes(n))).toEqual([]);
  });
});

describe.skipIf(onPostgres)("query plans on SQLite", () => {
  /** The plan of each statement `run` sends that reads `table`, as EXPLAIN QUERY PLAN lines. */
  async function plansOf(table: string, run: () => Promise<unknown>): Promise<string[][]> {
    statements.length = 0;
    await run();
    const reads = statements.filter((sql) => /^\s*SELECT/i.test(sql) && sql.includes(`FROM \`main\`.\`${table}\``));
    const plans: string[][] = [];
    for (const sql of reads) {
      // The plan does not depend on the values: SQLite has no statistics unless ANALYZE runs.
      const args = Array<null>((sql.match(/\?/g) ?? []).length).fill(null);
      plans.push((await db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${sql}`, ...args)).map((r) => r.detail));
    }
    return plans;
  }

  /** The one plan among `plans` that uses `index`; no plan reads `table` from end to end. */
  function expectIndex(plans: string[][], table: string, index: string) {
    const using = plans.filter((plan) => plan.some((line) => new RegExp(`INDEX ${index}\\b`).test(line)));
    expect(using, `${index} in ${JSON.stringify(plans)}`).toHaveLength(1);
    const fullScans = plans.flat().filter((line) => new RegExp(`^SCAN (main\\.)?${table}\\b`).test(line));
    expect(fullScans).toEqual([]);
  }

  it("the links list, newest first, all or by status", async () => {
    expectIndex(await plansOf("OnboardingLink", () => listLinks(agencyId, {})), "OnboardingLink", INDEXES.linksNewest);
    expectIndex(
      await plansOf("OnboardingLink", () => listLinks(agencyId, { status: "COMPLETED" })),
      "OnboardingLink",
      INDEXES.linksByStatus,
    );
  });

  it("the dashboard: counts by status from the index alone, expiring soon, new links requested", async () => {
    const plans = await plansOf("OnboardingLink", () => getDashboard(agencyId));
    const counts = plans.filter((plan) => plan.some((line) => line.includes(`USING COVERING INDEX ${INDEXES.linksByExpiry}`)));
    expect(counts).toHaveLength(2);
    expectIndex(
      plans.filter((plan) => !counts.includes(plan)),
      "OnboardingLink",
      INDEXES.linksByExpiry,
    );
    expectIndex(plans, "OnboardingLink", INDEXES.linksNewRequested);
  });

  it("the dashboard's funnel counts from its index alone; its grant lists read grants by agency, status and invitation", async () => {
    const { getFunnel } = await import("~/modules/dashboard/funnel.server");
    const funnel = await plansOf("OnboardingLink", () => getFunnel(agencyId, 90, new Date()));
    expect(funnel).toHaveLength(3);
    for (const plan of funnel) {
      expect(plan.join("\n")).toMatch(new RegExp(`USING COVERING INDEX ${INDEXES.linksFunnel}\\b`));
      // "Verified" looks a link's grants up by the link, never through every agency's grants by status.
      expect(plan.filter((line) => /^SEARCH t\d/.test(line)).every((line) => line.includes("(linkId=?)"))).toBe(true);
    }
    const grants = await plansOf("Grant", () => getDashboard(agencyId));
    const waiting = grants.filter((plan) => plan.some((line) => line.includes(`INDEX ${INDEXES.grantsWaiting} `)));
    // The queue, its count and the invitations about to lapse.
    expect(waiting).toHaveLength(3);
    expect(grants.flat().filter((line) => /^SCAN (main\.)?Grant\b/.test(line))).toEqual([]);
  });

  it("the worker's expiry sweep and link reminders, across agencies, by status and expiry", async () => {
    expectIndex(await plansOf("OnboardingLink", () => recordExpiredLinks(new Date())), "OnboardingLink", INDEXES.linksSweep);
    const reminders = await plansOf("OnboardingLink", () => scheduleReminders(new Date()));
    expect(reminders.length).toBeGreaterThanOrEqual(2);
    for (const plan of reminders) expectIndex([plan], "OnboardingLink", INDEXES.linksSweep);
  });

  it("the worker's invitation reminders: grants by status and invitation time", async () => {
    expectIndex(await plansOf("Grant", () => scheduleReminders(new Date())), "Grant", INDEXES.grantsInvited);
  });

  it("events by agency and time, and by client", async () => {
    expectIndex(await plansOf("Event", () => listAuditEvents(agencyId, {})), "Event", INDEXES.eventsNewest);
    expectIndex(await plansOf("Event", () => listAuditEvents(agencyId, { client: clientId })), "Event", INDEXES.eventsOfClient);
    // The dashboard's latest events, and its steps reported as different (agency, then time from the window's start).
    const dashboard = await plansOf("Event", () => getDashboard(agencyId));
    expect(dashboard.filter((plan) => plan.some((line) => line.includes(`INDEX ${INDEXES.eventsNewest} `)))).toHaveLength(2);
    expect(dashboard.flat().filter((line) => /^SCAN (main\.)?Event\b/.test(line))).toEqual([]);
  });

  it("grants by review date, and ended grants awaiting removal", async () => {
    const plans = await plansOf("Grant", () => listReviews(agencyId));
    expectIndex(plans, "Grant", INDEXES.grantsByReview);
    expectIndex(plans, "Grant", INDEXES.grantsAwaitingRemoval);
  });

  it("the review digest looks for due grants by review date; access end notices start from the end date", async () => {
    statements.length = 0;
    await scheduleReviewNotices(new Date());
    const digest = statements.find((sql) => sql.includes("FROM `main`.`Agency`") && sql.includes("EXISTS"));
    const ending = statements.find((sql) => sql.includes("FROM `main`.`Grant`") && sql.includes("accessEndsAt"));
    for (const [sql, index] of [
      [digest, INDEXES.grantsByReview],
      [ending, INDEXES.linksAccessEnd],
    ] as const) {
      expect(sql).toBeDefined();
      const plan = (
        await db.$queryRawUnsafe<{ detail: string }[]>(
          `EXPLAIN QUERY PLAN ${sql}`,
          ...Array<null>((sql!.match(/\?/g) ?? []).length).fill(null),
        )
      ).map((r) => r.detail);
      expect(plan.join("\n")).toMatch(new RegExp(`INDEX ${index}\\b`));
      expect(plan.filter((line) => /^SCAN (main\.)?Grant\b/.test(line))).toEqual([]);
    }
  });

  it("the clients list counts links per client from the client index", async () => {
    expectIndex(await plansOf("OnboardingLink", () => listClients(agencyId)), "OnboardingLink", INDEXES.linksOfClient);
  });

  it("the dashboard's arrivals from intake links read links by intake link and time (decision 055)", async () => {
    const { createIntakeLink, recentIntakeArrivals } = await import("~/modules/intake/intake.server");
    const { IntakeLinkSchema } = await import("~/modules/intake/schemas");
    const agency = await db.agency.findUniqueOrThrow({ where: { id: agencyId }, include: { memberships: true } });
    const owner = agency.memberships[0]!.userId;
    await createIntakeLink(
      agencyId,
      { type: "staff", id: owner, label: "owner" },
      IntakeLinkSchema.parse({ name: "Website", role: "VIEWER", lifetimeDays: 7, reason: "Checkout review", dailyLimit: 50 }),
    );
    expectIndex(await plansOf("OnboardingLink", () => recentIntakeArrivals(agencyId)), "OnboardingLink", INDEXES.linksOfIntake);
  });
});
