import type { OutboundEmail } from "@prisma/client";
import { z } from "zod";

import { db } from "~/modules/db/db.server";
import { getEnv } from "~/modules/env/env.server";

import { renderEmail } from "../../../emails/render";
import type { RenderedEmail } from "../../../emails/types";

/** The "endpoint switched off" email, from the endpoint as it is now (it may have been deleted since). */
export async function composeWebhookDisabled(
  row: OutboundEmail,
): Promise<{ ok: true; email: RenderedEmail } | { ok: false; reason: string }> {
  const { endpointId } = z.object({ endpointId: z.string() }).parse(JSON.parse(row.payload || "{}"));
  const endpoint = await db.webhookEndpoint.findFirst({
    where: { id: endpointId, agencyId: row.agencyId },
    include: { agency: { select: { name: true, slug: true } }, deliveries: { orderBy: { updatedAt: "desc" }, take: 1 } },
  });
  if (!endpoint) return { ok: false, reason: "the endpoint no longer exists" };
  if (!endpoint.disabledAt) return { ok: false, reason: "the endpoint was switched on again" };
  return {
    ok: true,
    email: await renderEmail("webhook-disabled", {
      agencyName: endpoint.agency.name,
      url: endpoint.url,
      failures: endpoint.failureStreak,
      lastError: endpoint.deliveries[0]?.lastError ?? null,
      endpointUrl: `${getEnv().PUBLIC_URL}/a/${endpoint.agency.slug}/webhooks/${endpoint.id}`,
    }),
  };
}
