import type { ActionFunctionArgs } from "@remix-run/node";

import { apiCall, apiJson } from "~/modules/api/api-route.server";
import { linkAnswer } from "~/modules/api/link-answer.server";
import { problem } from "~/modules/api/problem.server";
import { sendLinkByEmail } from "~/modules/email/staff.server";

// POST /api/v1/links/:linkId/send: the link page's "Send by email" (sendLinkByEmail); the key's maker must have a verified email.
export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return problem(405, "Use POST.", { headers: { Allow: "POST" } });
  return apiCall(
    args,
    "links:write",
    async (caller) => {
      const linkId = args.params.linkId ?? "";
      const sentTo = await sendLinkByEmail(caller.agencyId, linkId, caller.actor, new Date(), caller.createdById);
      return apiJson({ data: await linkAnswer(caller.agencyId, linkId), sentTo });
    },
    { auditedByDomain: true },
  );
}

export async function loader() {
  return problem(405, "Use POST.", { headers: { Allow: "POST" } });
}
