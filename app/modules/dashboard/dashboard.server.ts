import { addHours } from "date-fns";

import { db } from "~/modules/db/db.server";
import { OPEN_LINK_STATUSES, openLinkWhere } from "~/modules/links/link-state";
import { countLinksByStatus } from "~/modules/links/links.server";

/**
 * The dashboard: link counts by status (aggregates), the short lists that need action, and the
 * latest events. A fixed number of queries, each on an index, whatever the agency's size.
 */
export async function getDashboard(agencyId: string, now = new Date()) {
  const linkSummary = {
    id: true,
    expiresAt: true,
    role: true,
    newLinkRequestedAt: true,
    status: true,
    client: { select: { name: true } },
  } as const;
  const [counts, expiringSoon, newLinkRequests, events] = await Promise.all([
    countLinksByStatus(agencyId, now),
    db.onboardingLink.findMany({
      where: { agencyId, ...openLinkWhere(now), expiresAt: { ...openLinkWhere(now).expiresAt, lte: addHours(now, 24) } },
      select: linkSummary,
      orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
      take: 20,
    }),
    db.onboardingLink.findMany({
      // Still waiting: a reissue clears the request, a revoke answers it.
      where: { agencyId, newLinkRequestedAt: { not: null }, status: { in: [...OPEN_LINK_STATUSES] } },
      select: linkSummary,
      orderBy: [{ newLinkRequestedAt: "desc" }, { id: "desc" }],
      take: 20,
    }),
    db.event.findMany({ where: { agencyId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 15 }),
  ]);
  return { counts, expiringSoon, newLinkRequests, events };
}
