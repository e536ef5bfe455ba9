import { type ActiveGrant, activeGrantsOf } from "~/modules/grants/active-grants.server";

import type { CreateLinkInput } from "./schemas";

/**
 * The "already granted" rule of a new link (the New link page and POST /api/v1/links): asking
 * again for a site the agency already holds active access to takes an explicit yes, so two active
 * grants for one site never happen unnoticed. The active grants the new link would ask again for,
 * or none when the asker said yes; each caller words the question its own way.
 */
export async function grantsAskedAgain(
  agencyId: string,
  input: Pick<CreateLinkInput, "clientId" | "siteIds">,
  confirmed: boolean,
  now = new Date(),
): Promise<ActiveGrant[]> {
  if (confirmed || input.siteIds.length === 0) return [];
  const active = await activeGrantsOf(agencyId, [input.clientId], now);
  return active.filter((g) => input.siteIds.includes(g.hotjarSiteId));
}
