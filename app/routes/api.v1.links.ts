import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

import { apiCall, apiJson, readJson } from "~/modules/api/api-route.server";
import { linkInputFromJson, linkJson, LinksQuerySchema, listedLinkJson } from "~/modules/api/links-api.server";
import { fieldErrorsProblem, problem, validationProblem } from "~/modules/api/problem.server";
import { db } from "~/modules/db/db.server";
import { grantsAskedAgain } from "~/modules/links/already-granted.server";
import { createLinkIn, getLink, listLinks } from "~/modules/links/links.server";
import { CreateLinkSchema } from "~/modules/links/schemas";

// GET /api/v1/links: the key's agency's links with the links page's filters, `?status=&q=&cursor=&limit=`.
export async function loader(args: LoaderFunctionArgs) {
  return apiCall(args, "links:read", async (caller) => {
    const query = LinksQuerySchema.safeParse(Object.fromEntries(new URL(args.request.url).searchParams));
    if (!query.success) return validationProblem(query.error);
    const { status, q, cursor, limit } = query.data;
    const page = await listLinks(caller.agencyId, { status, q: q || undefined, cursor, limit });
    return apiJson({ data: page.items.map(listedLinkJson), nextCursor: page.nextCursor });
  });
}

// POST /api/v1/links: a link (CreateLinkSchema, as the New link page), made by createLinkIn for the key's maker.
export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return problem(405, "Use GET or POST.", { headers: { Allow: "GET, POST" } });
  return apiCall(
    args,
    "links:write",
    async (caller) => {
      const body = await readJson(args.request);
      if (!body.ok) return body.response;
      const { input: raw, confirmAlreadyGranted } = linkInputFromJson(body.body);
      const input = CreateLinkSchema.safeParse(raw);
      if (!input.success) return validationProblem(input.error);
      const askedAgain = await grantsAskedAgain(caller.agencyId, input.data, confirmAlreadyGranted);
      if (askedAgain.length > 0) {
        const sites = askedAgain.map((g) => g.hotjarSiteId).join(", ");
        return problem(409, `The agency already holds active access to site ${sites}: send confirmAlreadyGranted: true to ask again.`, {
          errors: [{ field: "siteIds", message: `Already granted: ${sites}` }],
        });
      }
      const origin = { actor: caller.actor, createdById: caller.createdById };
      const result = await db.$transaction((tx) => createLinkIn(tx, caller.agencyId, origin, input.data));
      if (!result.ok) return fieldErrorsProblem(result.fieldErrors);
      return apiJson({ data: linkJson(await getLink(caller.agencyId, result.linkId), true) }, 201);
    },
    { auditedByDomain: true },
  );
}
