import type { ActionFunctionArgs } from "@remix-run/node";

import { apiCall, apiJson } from "~/modules/api/api-route.server";
import { linkAnswer } from "~/modules/api/link-answer.server";
import { problem } from "~/modules/api/problem.server";
import { revokeLink } from "~/modules/links/links.server";

// POST /api/v1/links/:linkId/revoke: the link page's "Revoke" (revokeLink): the link stops opening.
export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return problem(405, "Use POST.", { headers: { Allow: "POST" } });
  return apiCall(
    args,
    "links:write",
    async (caller) => {
      const linkId = args.params.linkId ?? "";
      await revokeLink(caller.agencyId, linkId, caller.actor);
      return apiJson({ data: await linkAnswer(caller.agencyId, linkId) });
    },
    { auditedByDomain: true },
  );
}

export async function loader() {
  return problem(405, "Use POST.", { headers: { Allow: "POST" } });
}
