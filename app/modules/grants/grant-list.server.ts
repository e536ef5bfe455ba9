import { db } from "~/modules/db/db.server";

import { type GrantStatus, grantStatusWhere } from "./grant-state";

export type GrantListFilter = { clientId?: string; linkId?: string; status?: GrantStatus; cursor?: string; limit: number };

/**
 * One page of the agency's grants, newest first, by client, link and effective status (the grant
 * state machine's own rule); the next page starts after the last row (keyset, decision 022).
 */
export async function listGrants(agencyId: string, filter: GrantListFilter, now = new Date()) {
  const rows = await db.grant.findMany({
    where: {
      agencyId,
      ...(filter.clientId ? { clientId: filter.clientId } : {}),
      ...(filter.linkId ? { linkId: filter.linkId } : {}),
      ...(filter.status ? grantStatusWhere(filter.status, now) : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filter.limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? items[items.length - 1]!.id : null };
}
