import { apiParams } from "~/modules/api/api-params.server";
import { apiPost, postOnly } from "~/modules/api/api-post.server";
import { readJson } from "~/modules/api/api-route.server";
import { linkAnswer } from "~/modules/api/link-answer.server";
import { LinkIdParamsSchema } from "~/modules/api/links-api.server";
import { validationProblem } from "~/modules/api/problem.server";
import { reissueLink } from "~/modules/links/links.server";
import { ReissueSchema } from "~/modules/links/schemas";

// POST /api/v1/links/:linkId/reissue: the link page's "Reissue" (ReissueSchema, reissueLink): a new URL, the old ones dead.
export const action = apiPost("links:write", async (caller, { params, request }) => {
  const { linkId } = apiParams(LinkIdParamsSchema, params, "Link");
  const body = await readJson(request);
  if (!body.ok) return body.response;
  const input = ReissueSchema.safeParse(body.body);
  if (!input.success) return validationProblem(input.error);
  await reissueLink(caller.agencyId, linkId, caller.actor, input.data.lifetimeDays);
  return { data: await linkAnswer(caller.agencyId, linkId) };
});

export const loader = postOnly;
