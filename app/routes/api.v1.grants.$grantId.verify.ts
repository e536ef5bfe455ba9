import { apiParams } from "~/modules/api/api-params.server";
import { apiPost, postOnly } from "~/modules/api/api-post.server";
import { GrantIdParamsSchema, grantJson } from "~/modules/api/grants-api.server";
import { getGrant } from "~/modules/grants/grant-page.server";
import { changeGrant } from "~/modules/grants/grants.server";

// POST /api/v1/grants/:grantId/verify: changeGrant, as the grant page's "Verify".
export const action = apiPost("grants:write", async (caller, { params }) => {
  const { grantId } = apiParams(GrantIdParamsSchema, params, "Grant");
  await changeGrant(caller.agencyId, grantId, "verify", caller.actor);
  return { data: grantJson(await getGrant(caller.agencyId, grantId)) };
});

export const loader = postOnly;
