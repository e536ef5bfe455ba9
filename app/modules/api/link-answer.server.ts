import { isOpenStatus } from "~/modules/links/link-state";
import { getLink } from "~/modules/links/links.server";

import { linkJson } from "./links-api.server";

/** The link as it is after a change: the answer of send, revoke and reissue. */
export async function linkAnswer(agencyId: string, linkId: string) {
  const link = await getLink(agencyId, linkId);
  return linkJson(link, isOpenStatus(link.effectiveStatus));
}
