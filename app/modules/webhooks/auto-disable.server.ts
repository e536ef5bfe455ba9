import type { Prisma, WebhookEndpoint } from "@prisma/client";

import { recordEvent } from "~/modules/audit/events.server";
import { enqueueEmail } from "~/modules/email/outbox.server";

import { endpointOrigin } from "./audit-origin";

/**
 * Switches off an endpoint whose deliveries keep failing and tells the agency: its Owners and
 * Admins, and its notification address, each get one email, queued in the same transaction.
 */
export async function disableFailingEndpoint(tx: Prisma.TransactionClient, endpoint: WebhookEndpoint, now: Date): Promise<void> {
  const reason = `Switched off after ${endpoint.failureStreak} failed deliveries in a row`;
  await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { disabledAt: now, disabledReason: reason } });
  await recordEvent(tx, {
    agencyId: endpoint.agencyId,
    actor: { type: "system" },
    type: "webhook.endpoint_auto_disabled",
    details: { endpointId: endpoint.id, url: endpointOrigin(endpoint.url), failures: endpoint.failureStreak },
  });
  const agency = await tx.agency.findUniqueOrThrow({
    where: { id: endpoint.agencyId },
    select: {
      notificationEmail: true,
      memberships: { where: { role: { in: ["OWNER", "ADMIN"] } }, select: { user: { select: { email: true } } } },
    },
  });
  const recipients = new Set(
    [...agency.memberships.map((m) => m.user.email), agency.notificationEmail].filter((v): v is string => Boolean(v)),
  );
  for (const to of recipients) {
    await enqueueEmail(tx, {
      agencyId: endpoint.agencyId,
      to,
      payload: { template: "webhook-disabled", endpointId: endpoint.id },
      dedupeKey: `webhook-disabled:${endpoint.id}:${now.getTime()}:${to}`,
    });
  }
}
