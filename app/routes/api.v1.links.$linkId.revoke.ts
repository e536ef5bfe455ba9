import { apiParams } from "~/modules/api/api-params.server";
import { apiPost, postOnly } from "~/modules/api/api-post.server";
import { linkAnswer } from "~/modules/api/link-answer.server";
import { LinkIdParamsSchema } from "~/modules/api/links-api.server";
import { revokeLink } from "~/modules/links/links.server";

// POST /api/v1/links/:linkId/revoke: the link page's "Revoke" (revokeLink): the link stops opening.
export const action = apiPost("links:write", async (caller, { params }) => {
  const { linkId } = apiParams(LinkIdParamsSchema, params, "Link");
  await revokeLink(caller.agencyId, linkId, caller.actor);
  return { data: await linkAnswer(caller.agencyId, linkId) };
});

export const loader = postOnly;
