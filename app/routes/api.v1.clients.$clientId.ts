import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

import { apiParams } from "~/modules/api/api-params.server";
import { apiCall, apiJson, readJson } from "~/modules/api/api-route.server";
import { clientPatchInput } from "~/modules/api/client-changes-api.server";
import { ClientIdParamsSchema, clientJson } from "~/modules/api/clients-api.server";
import { problem, validationProblem } from "~/modules/api/problem.server";
import { getClient, updateClient } from "~/modules/clients/clients.server";
import { ClientSchema } from "~/modules/clients/schemas";

// GET /api/v1/clients/:clientId: one client of the key's agency with its sites; another agency's id is 404.
export async function loader(args: LoaderFunctionArgs) {
  return apiCall(args, "clients:read", async (caller) =>
    apiJson({ data: clientJson(await getClient(caller.agencyId, apiParams(ClientIdParamsSchema, args.params, "Client").clientId)) }),
  );
}

// PATCH /api/v1/clients/:clientId: the edit form's ClientSchema over the client as it is (fields left out keep their value).
export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "PATCH") return problem(405, "Use GET or PATCH.", { headers: { Allow: "GET, PATCH" } });
  return apiCall(
    args,
    "clients:write",
    async (caller) => {
      const { clientId } = apiParams(ClientIdParamsSchema, args.params, "Client");
      const current = await getClient(caller.agencyId, clientId);
      const body = await readJson(args.request);
      if (!body.ok) return body.response;
      const input = ClientSchema.safeParse(clientPatchInput(current, body.body));
      if (!input.success) return validationProblem(input.error);
      await updateClient(caller.agencyId, clientId, caller.actor, input.data);
      return apiJson({ data: clientJson(await getClient(caller.agencyId, clientId)) });
    },
    { auditedByDomain: true },
  );
}
