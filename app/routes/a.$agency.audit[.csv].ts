import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { auditCsvFilename, auditCsvStream } from "~/modules/audit/audit-log.server";
import { parseAuditQuery } from "~/modules/audit/audit-query";
import { handled } from "~/modules/http/route.server";

// `/a/<slug>/audit.csv` (the brackets keep the dot in the URL): the audit log with the page's
// filters, streamed. Unusable filters are dropped, as on the page.
export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "audit:read");
    const { query } = parseAuditQuery(new URL(request.url).searchParams);
    return new Response(auditCsvStream(agency.id, query), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${auditCsvFilename(agency.slug)}"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
