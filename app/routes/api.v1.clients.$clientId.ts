import type { LoaderFunctionArgs } from "@remix-run/node";

import { apiCall, apiJson } from "~/modules/api/api-route.server";
import { clientJson } from "~/modules/api/clients-api.server";
import { problem } from "~/modules/api/problem.server";
import { getClient } from "~/modules/clients/clients.server";

// GET /api/v1/clients/:clientId: one client of the key's agency with its sites; another agency's id is 404.
export async function loader(args: LoaderFunctionArgs) {
  return apiCall(args, "clients:read", async (caller) =>
    apiJson({ data: clientJson(await getClient(caller.agencyId, args.params.clientId ?? "")) }),
  );
}

export async function action() {
  return problem(405, "Use GET.", { headers: { Allow: "GET" } });
}
