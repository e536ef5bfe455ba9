import type { ActionFunctionArgs } from "@remix-run/node";

import { apiCall, apiJson } from "~/modules/api/api-route.server";
import { clientJson } from "~/modules/api/clients-api.server";
import { problem } from "~/modules/api/problem.server";
import { getClient, setClientArchived } from "~/modules/clients/clients.server";

// POST /api/v1/clients/:clientId/restore: setClientArchived, as the client page's "Restore".
export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return problem(405, "Use POST.", { headers: { Allow: "POST" } });
  return apiCall(
    args,
    "clients:write",
    async (caller) => {
      const clientId = args.params.clientId ?? "";
      const done = await setClientArchived(caller.agencyId, clientId, caller.actor, false);
      return apiJson({ data: clientJson(await getClient(caller.agencyId, clientId)), ...done });
    },
    { auditedByDomain: true },
  );
}

export async function loader() {
  return problem(405, "Use POST.", { headers: { Allow: "POST" } });
}
