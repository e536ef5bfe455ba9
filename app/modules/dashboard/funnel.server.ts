import type { Prisma } from "@prisma/client";

import { databaseProvider, resolveDatabaseUrl } from "~/modules/db/database-url";
import { db } from "~/modules/db/db.server";

import { type FunnelCounts, type FunnelPeriod, funnelPeriodStart } from "./funnel";

/**
 * The funnel's numbers, counted by the database: the agency's links created in the period, read
 * from the OnboardingLink_funnel_idx index (agencyId, createdAt and the steps' dates), never
 * loaded into memory. Three counts and one median, whatever the number of links.
 */
export async function getFunnel(agencyId: string, days: FunnelPeriod, now = new Date()): Promise<FunnelCounts> {
  const since = funnelPeriodStart(days, now);
  const cohort = { agencyId, createdAt: { gte: since, lte: now } } satisfies Prisma.OnboardingLinkWhereInput;
  const [sentAndCompleted, opened, verified] = await Promise.all([
    // COUNT(*) and COUNT(completedAt) in one statement.
    db.onboardingLink.count({ where: cohort, select: { _all: true, completedAt: true } }),
    // A completion or a refusal comes from the opened page, even when the open itself was not
    // counted (a browser the page took for a link scanner): the funnel never narrows upwards.
    db.onboardingLink.count({
      where: { ...cohort, OR: [{ firstOpenedAt: { not: null } }, { completedAt: { not: null } }, { declinedAt: { not: null } }] },
    }),
    // Verified: every site the client confirmed, checked by the agency (verifiedAt is set by
    // "Mark verified" alone, and kept if the access ends later). A completed link has a grant.
    db.onboardingLink.count({ where: { ...cohort, completedAt: { not: null }, grants: { every: { verifiedAt: { not: null } } } } }),
  ]);
  const completed = sentAndCompleted.completedAt;
  return {
    sent: sentAndCompleted._all,
    opened,
    completed,
    verified,
    medianSentToCompletedMs: await medianSentToCompletedMs(agencyId, since, now, completed),
  };
}

/**
 * The median of the `completed` links' durations: the middle one (or the mean of the middle two),
 * picked by the database with ORDER BY ... LIMIT/OFFSET, so at most two numbers leave it. Prisma
 * cannot order by an expression, hence one raw statement per database (SQLite has no percentile
 * function). Whole statements, not fragments: the PostgreSQL client is another build of Prisma's
 * client and would take a fragment of the SQLite one's `Prisma.sql` for a value.
 */
async function medianSentToCompletedMs(agencyId: string, since: Date, now: Date, completed: number): Promise<number | null> {
  if (completed === 0) return null;
  const take = completed % 2 === 1 ? 1 : 2;
  const skip = Math.floor((completed - 1) / 2);
  const rows =
    databaseProvider(resolveDatabaseUrl(process.env)) === "postgresql"
      ? await db.$queryRaw<{ ms: number }[]>`
          SELECT (EXTRACT(EPOCH FROM ("completedAt" - "createdAt")) * 1000)::float8 AS "ms"
          FROM "OnboardingLink"
          WHERE "agencyId" = ${agencyId} AND "createdAt" >= ${since} AND "createdAt" <= ${now} AND "completedAt" IS NOT NULL
          ORDER BY "ms" ASC
          LIMIT ${take} OFFSET ${skip}`
      : await db.$queryRaw<{ ms: number }[]>`
          SELECT (julianday("completedAt") - julianday("createdAt")) * 86400000.0 AS "ms"
          FROM "OnboardingLink"
          WHERE "agencyId" = ${agencyId} AND "createdAt" >= ${since} AND "createdAt" <= ${now} AND "completedAt" IS NOT NULL
          ORDER BY "ms" ASC
          LIMIT ${take} OFFSET ${skip}`;
  if (rows.length === 0) return null;
  return Math.round(rows.reduce((sum, r) => sum + Number(r.ms), 0) / rows.length);
}
