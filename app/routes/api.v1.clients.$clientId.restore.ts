import { apiParams } from "~/modules/api/api-params.server";
import { apiPost, postOnly } from "~/modules/api/api-post.server";
import { ClientIdParamsSchema, clientJson } from "~/modules/api/clients-api.server";
import { getClient, setClientArchived } from "~/modules/clients/clients.server";

// POST /api/v1/clients/:clientId/restore: setClientArchived, as the client page's "Restore".
export const action = apiPost("clients:write", async (caller, { params }) => {
  const { clientId } = apiParams(ClientIdParamsSchema, params, "Client");
  const done = await setClientArchived(caller.agencyId, clientId, caller.actor, false);
  return { data: clientJson(await getClient(caller.agencyId, clientId)), ...done };
});

export const loader = postOnly;
