import type { LoaderFunctionArgs } from "@remix-run/node";

import { apiCall, apiJson } from "~/modules/api/api-route.server";
import { eventJson, EventsQuerySchema } from "~/modules/api/events-api.server";
import { problem, validationProblem } from "~/modules/api/problem.server";
import { listAuditEvents } from "~/modules/audit/audit-log.server";
import { parseAuditQuery } from "~/modules/audit/audit-query";

// GET /api/v1/events: the key's agency's audit log, `?actor=&type=&client=&from=&to=&cursor=`.
export async function loader(args: LoaderFunctionArgs) {
  return apiCall(args, "events:read", async (caller) => {
    const params = new URL(args.request.url).searchParams;
    const checked = EventsQuerySchema.safeParse(Object.fromEntries(params));
    if (!checked.success) return validationProblem(checked.error);
    const { query, ignored } = parseAuditQuery(params);
    // A `to` before `from` is the one thing the page drops beyond a value's own shape.
    if (ignored.length > 0)
      return problem(422, "The query has invalid fields: see errors.", {
        errors: ignored.map((i) => ({ field: i.field, message: `Not a usable ${i.label}` })),
      });
    const page = await listAuditEvents(caller.agencyId, query);
    return apiJson({ data: page.items.map(eventJson), nextCursor: page.nextCursor });
  });
}

export async function action() {
  return problem(405, "Use GET.", { headers: { Allow: "GET" } });
}
