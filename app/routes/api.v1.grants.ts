import type { LoaderFunctionArgs } from "@remix-run/node";

import { apiCall, apiJson } from "~/modules/api/api-route.server";
import { grantJson, GrantsQuerySchema } from "~/modules/api/grants-api.server";
import { problem, validationProblem } from "~/modules/api/problem.server";
import { listGrants } from "~/modules/grants/grant-list.server";

// GET /api/v1/grants: the key's agency's grants, `?clientId=&linkId=&status=&cursor=&limit=`.
export async function loader(args: LoaderFunctionArgs) {
  return apiCall(args, "grants:read", async (caller) => {
    const query = GrantsQuerySchema.safeParse(Object.fromEntries(new URL(args.request.url).searchParams));
    if (!query.success) return validationProblem(query.error);
    const now = new Date();
    const page = await listGrants(caller.agencyId, query.data, now);
    return apiJson({ data: page.items.map((g) => grantJson(g, now)), nextCursor: page.nextCursor });
  });
}

export async function action() {
  return problem(405, "Use GET.", { headers: { Allow: "GET" } });
}
