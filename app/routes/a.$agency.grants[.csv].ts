import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { handled } from "~/modules/http/route.server";
import { csvHeaders, grantsCsvStream } from "~/modules/links/links-csv.server";
import { LinkListQuerySchema } from "~/modules/links/schemas";

// `/a/<slug>/grants.csv`: the grants of the links the links list shows with the same search and
// status filter (a filter names links, so the export follows them), streamed.
export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "links:read");
    const { status, q } = LinkListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const now = new Date();
    return new Response(grantsCsvStream(agency.id, { status, q }, now), { headers: csvHeaders("grants", agency.slug, now) });
  });
}
