import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";

import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { changeGrant } from "~/modules/grants/grants.server";
import { AppError } from "~/modules/http/errors";
import { handled } from "~/modules/http/route.server";
import { safeRedirect } from "~/modules/http/safe-redirect.server";

const GrantActionSchema = z.object({ intent: z.enum(["verify", "revoke"]), redirectTo: z.string().optional() });

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "grants:write");
    const parsed = GrantActionSchema.safeParse(Object.fromEntries(await request.formData()));
    if (!parsed.success) throw new AppError(400, "Unknown grant action.");
    const grant = await changeGrant(agency.id, params.grantId ?? "", parsed.data.intent, { type: "staff", id: user.id, label: user.email });
    return redirect(safeRedirect(parsed.data.redirectTo, `/a/${agency.slug}/links/${grant.linkId}`));
  });
}
