import type { ActionFunctionArgs } from "@remix-run/node";

import { apiCall, apiJson } from "~/modules/api/api-route.server";
import { grantJson } from "~/modules/api/grants-api.server";
import { problem } from "~/modules/api/problem.server";
import { getGrant } from "~/modules/grants/grant-page.server";
import { changeGrant } from "~/modules/grants/grants.server";

// POST /api/v1/grants/:grantId/verify: changeGrant, as the grant page's "Verify".
export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return problem(405, "Use POST.", { headers: { Allow: "POST" } });
  return apiCall(
    args,
    "grants:write",
    async (caller) => {
      const grantId = args.params.grantId ?? "";
      await changeGrant(caller.agencyId, grantId, "verify", caller.actor);
      return apiJson({ data: grantJson(await getGrant(caller.agencyId, grantId)) });
    },
    { auditedByDomain: true },
  );
}

export async function loader() {
  return problem(405, "Use POST.", { headers: { Allow: "POST" } });
}
