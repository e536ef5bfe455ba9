import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { handled } from "~/modules/http/route.server";
import { csvHeaders, linksCsvStream } from "~/modules/links/links-csv.server";
import { LinkListQuerySchema } from "~/modules/links/schemas";

// `/a/<slug>/links.csv` (the brackets keep the dot in the URL): the links list with the page's
// search and status filter, streamed. Unusable filters are dropped, as on the page.
export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "links:read");
    const { status, q } = LinkListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const now = new Date();
    return new Response(linksCsvStream(agency.id, { status, q }, now), { headers: csvHeaders("links", agency.slug, now) });
  });
}
