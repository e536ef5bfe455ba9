import { apiPost, postOnly } from "~/modules/api/api-post.server";
import { grantJson } from "~/modules/api/grants-api.server";
import { getGrant } from "~/modules/grants/grant-page.server";
import { changeGrant } from "~/modules/grants/grants.server";

// POST /api/v1/grants/:grantId/revoke: changeGrant, as the grant page's "Revoke" (the client is emailed the removal steps).
export const action = apiPost("grants:write", async (caller, { params }) => {
  const grantId = params.grantId ?? "";
  await changeGrant(caller.agencyId, grantId, "revoke", caller.actor);
  return { data: grantJson(await getGrant(caller.agencyId, grantId)) };
});

export const loader = postOnly;
