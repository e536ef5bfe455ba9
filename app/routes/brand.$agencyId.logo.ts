import type { LoaderFunctionArgs } from "@remix-run/node";

import { logoResponse } from "~/modules/agencies/branding.server";

/**
 * GET /brand/<agencyId>/logo?v=<version>: the agency's logo, public because the client's page and
 * emails show it. It answers with the image bytes or 404, and reveals nothing else.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return logoResponse(params.agencyId ?? "", new URL(request.url).searchParams.get("v"));
}
