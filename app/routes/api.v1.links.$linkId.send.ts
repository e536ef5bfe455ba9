import { apiParams } from "~/modules/api/api-params.server";
import { apiPost, postOnly } from "~/modules/api/api-post.server";
import { linkAnswer } from "~/modules/api/link-answer.server";
import { LinkIdParamsSchema } from "~/modules/api/links-api.server";
import { sendLinkByEmail } from "~/modules/email/staff.server";

// POST /api/v1/links/:linkId/send: the link page's "Send by email" (sendLinkByEmail); the key's maker must have a verified email.
export const action = apiPost("links:write", async (caller, { params }) => {
  const { linkId } = apiParams(LinkIdParamsSchema, params, "Link");
  const sentTo = await sendLinkByEmail(caller.agencyId, linkId, caller.actor, new Date(), caller.createdById);
  return { data: await linkAnswer(caller.agencyId, linkId), sentTo };
});

export const loader = postOnly;
