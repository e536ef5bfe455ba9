import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

import { apiCall, apiJson, readJson } from "~/modules/api/api-route.server";
import { clientInputFromJson, clientJson, listedClientJson, ListQuerySchema } from "~/modules/api/clients-api.server";
import { problem, validationProblem } from "~/modules/api/problem.server";
import { createClient, getClient, listClients } from "~/modules/clients/clients.server";
import { ClientSchema } from "~/modules/clients/schemas";

// GET /api/v1/clients: the key's agency's clients by name, `?cursor=&limit=&q=&archived=`.
export async function loader(args: LoaderFunctionArgs) {
  return apiCall(args, "clients:read", async (caller) => {
    const query = ListQuerySchema.safeParse(Object.fromEntries(new URL(args.request.url).searchParams));
    if (!query.success) return validationProblem(query.error);
    const { cursor, limit, q, archived } = query.data;
    const page = await listClients(caller.agencyId, { cursor: cursor || undefined, limit, q, archived: archived === "true" });
    return apiJson({ data: page.items.map(listedClientJson), nextCursor: page.nextCursor });
  });
}

// POST /api/v1/clients: creates a client (ClientSchema, as the page's form).
export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return problem(405, "Use GET or POST.", { headers: { Allow: "GET, POST" } });
  return apiCall(
    args,
    "clients:write",
    async (caller) => {
      const body = await readJson(args.request);
      if (!body.ok) return body.response;
      const input = ClientSchema.safeParse(clientInputFromJson(body.body));
      if (!input.success) return validationProblem(input.error);
      const created = await createClient(caller.agencyId, caller.actor, input.data);
      return apiJson({ data: clientJson(await getClient(caller.agencyId, created.id)) }, 201);
    },
    { auditedByDomain: true },
  );
}
