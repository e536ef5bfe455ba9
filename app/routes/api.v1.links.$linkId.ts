import type { LoaderFunctionArgs } from "@remix-run/node";

import { apiParams } from "~/modules/api/api-params.server";
import { apiCall, apiJson } from "~/modules/api/api-route.server";
import { LinkIdParamsSchema, linkJson } from "~/modules/api/links-api.server";
import { problem } from "~/modules/api/problem.server";
import { isOpenStatus } from "~/modules/links/link-state";
import { getLink } from "~/modules/links/links.server";

// GET /api/v1/links/:linkId: one link of the key's agency with its sites and grants; its URL while open.
export async function loader(args: LoaderFunctionArgs) {
  return apiCall(args, "links:read", async (caller) => {
    const link = await getLink(caller.agencyId, apiParams(LinkIdParamsSchema, args.params, "Link").linkId);
    return apiJson({ data: linkJson(link, isOpenStatus(link.effectiveStatus)) });
  });
}

export async function action() {
  return problem(405, "Use GET.", { headers: { Allow: "GET" } });
}
