import type { ActionFunctionArgs } from "@remix-run/node";

import { apiCall, apiJson, readJson } from "~/modules/api/api-route.server";
import { linkAnswer } from "~/modules/api/link-answer.server";
import { problem, validationProblem } from "~/modules/api/problem.server";
import { reissueLink } from "~/modules/links/links.server";
import { ReissueSchema } from "~/modules/links/schemas";

// POST /api/v1/links/:linkId/reissue: the link page's "Reissue" (ReissueSchema, reissueLink): a new URL, the old ones dead.
export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return problem(405, "Use POST.", { headers: { Allow: "POST" } });
  return apiCall(
    args,
    "links:write",
    async (caller) => {
      const linkId = args.params.linkId ?? "";
      const body = await readJson(args.request);
      if (!body.ok) return body.response;
      const input = ReissueSchema.safeParse(body.body);
      if (!input.success) return validationProblem(input.error);
      await reissueLink(caller.agencyId, linkId, caller.actor, input.data.lifetimeDays);
      return apiJson({ data: await linkAnswer(caller.agencyId, linkId) });
    },
    { auditedByDomain: true },
  );
}

export async function loader() {
  return problem(405, "Use POST.", { headers: { Allow: "POST" } });
}
