import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";

import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { handled } from "~/modules/http/route.server";
import { BULK_COLUMNS, BULK_TEMPLATE_ROWS } from "~/modules/links/bulk-format";

// `/a/<slug>/links/bulk/template.csv`: the header and two example rows (one client, two sites).
export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    await requireAgencyMember(request, params.agency, "links:write");
    const csv = stringify([...BULK_TEMPLATE_ROWS], { header: true, columns: [...BULK_COLUMNS], record_delimiter: "windows" });
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="links-template.csv"',
        "Cache-Control": "no-store",
      },
    });
  });
}
