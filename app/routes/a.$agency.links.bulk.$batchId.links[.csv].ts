import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { handled } from "~/modules/http/route.server";
import { batchCsvStream } from "~/modules/links/bulk-batch.server";

// `/a/<slug>/links/bulk/<batchId>/links.csv`: the links one upload made, with their URLs.
export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "links:read");
    const stream = await batchCsvStream(agency.id, params.batchId ?? "");
    return new Response(stream, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="links-${agency.slug}-upload-${new Date().toISOString().slice(0, 10)}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
