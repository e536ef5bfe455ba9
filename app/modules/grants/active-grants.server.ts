import { db } from "~/modules/db/db.server";

import { effectiveGrantStatus, STORED_GRANT_STATUSES } from "./grant-state";

/** Access the agency already holds to one site of a client: what a new link for that site would ask again. */
export type ActiveGrant = { clientId: string; hotjarSiteId: string; role: string; verifiedAt: Date | null };

/** The stored statuses that can read as ACTIVE, asked of the grant state machine rather than restated here. */
function storedStatusesThatCanBeActive(now: Date) {
  return STORED_GRANT_STATUSES.filter((status) => effectiveGrantStatus({ status, invitedAt: now }, now) === "ACTIVE");
}

/**
 * The agency's active grants on the sites of `clientIds`, one per site (the latest verified), by
 * the grant state machine's own rule for ACTIVE.
 */
export async function activeGrantsOf(agencyId: string, clientIds: string[], now = new Date()): Promise<ActiveGrant[]> {
  if (clientIds.length === 0) return [];
  const grants = await db.grant.findMany({
    where: { agencyId, clientId: { in: clientIds }, status: { in: storedStatusesThatCanBeActive(now) } },
    select: { clientId: true, hotjarSiteId: true, role: true, status: true, invitedAt: true, verifiedAt: true },
    orderBy: [{ verifiedAt: "desc" }, { id: "desc" }],
  });
  const bySite = new Map<string, ActiveGrant>();
  for (const g of grants) {
    const key = `${g.clientId} ${g.hotjarSiteId}`;
    if (effectiveGrantStatus(g, now) !== "ACTIVE" || bySite.has(key)) continue;
    bySite.set(key, { clientId: g.clientId, hotjarSiteId: g.hotjarSiteId, role: g.role, verifiedAt: g.verifiedAt });
  }
  return [...bySite.values()];
}
