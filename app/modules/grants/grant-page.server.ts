import { db } from "~/modules/db/db.server";
import { notFound } from "~/modules/http/errors";

import { withEffectiveStatus } from "./grants.server";

/** One grant of the agency, with its client's name, for its page and its actions' messages. */
export async function getGrant(agencyId: string, grantId: string, now = new Date()) {
  const grant = await db.grant.findFirst({
    where: { id: grantId, agencyId },
    include: { client: { select: { id: true, name: true, hotjarOrganizationId: true } } },
  });
  if (!grant) throw notFound("Grant");
  return withEffectiveStatus(grant, now);
}

/** "Acme Shoes, site 1234567": which access a message is about, in the agency's words. */
export function grantName(grant: { client: { name: string }; hotjarSiteId: string }): string {
  return `${grant.client.name}, site ${grant.hotjarSiteId}`;
}
