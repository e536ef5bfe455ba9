import { apiPost, postOnly } from "~/modules/api/api-post.server";
import { linkAnswer } from "~/modules/api/link-answer.server";
import { sendLinkByEmail } from "~/modules/email/staff.server";

// POST /api/v1/links/:linkId/send: the link page's "Send by email" (sendLinkByEmail); the key's maker must have a verified email.
export const action = apiPost("links:write", async (caller, { params }) => {
  const linkId = params.linkId ?? "";
  const sentTo = await sendLinkByEmail(caller.agencyId, linkId, caller.actor, new Date(), caller.createdById);
  return { data: await linkAnswer(caller.agencyId, linkId), sentTo };
});

export const loader = postOnly;
