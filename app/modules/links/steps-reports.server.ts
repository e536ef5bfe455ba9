// "Something looks different?" as the agency reads it: the client's words, recorded by
// reportStepsDifferent (client-help.server.ts) as `link.steps_reported` events.
import { subDays } from "date-fns";

import { db } from "~/modules/db/db.server";

export const STEPS_REPORTED = "link.steps_reported";

/** How far back the dashboard looks for reports. */
export const STEPS_REPORTS_DAYS = 30;

export type StepsReport = { id: string; linkId: string; clientId: string | null; text: string; at: Date };

const select = { id: true, linkId: true, clientId: true, details: true, createdAt: true } as const;

function reportText(details: string): string {
  try {
    const parsed = JSON.parse(details) as { text?: unknown } | null;
    return typeof parsed?.text === "string" ? parsed.text : "";
  } catch {
    return "";
  }
}

function toReport(e: { id: string; linkId: string | null; clientId: string | null; details: string; createdAt: Date }): StepsReport {
  return { id: e.id, linkId: e.linkId ?? "", clientId: e.clientId, text: reportText(e.details), at: e.createdAt };
}

const newestFirst = [{ createdAt: "desc" as const }, { id: "desc" as const }];

/** A link's reports, newest first: all of them up to `take`, however long its timeline has grown. */
export async function linkStepsReports(agencyId: string, linkId: string, take = 20): Promise<StepsReport[]> {
  const events = await db.event.findMany({
    where: { agencyId, linkId, type: STEPS_REPORTED },
    select,
    orderBy: newestFirst,
    take,
  });
  return events.map(toReport);
}

/** The agency's reports of the last STEPS_REPORTS_DAYS, newest first, on any of its links. */
export async function recentStepsReports(agencyId: string, now: Date, take: number): Promise<StepsReport[]> {
  const events = await db.event.findMany({
    where: { agencyId, type: STEPS_REPORTED, createdAt: { gte: subDays(now, STEPS_REPORTS_DAYS) }, linkId: { not: null } },
    select,
    orderBy: newestFirst,
    take,
  });
  return events.map(toReport);
}
