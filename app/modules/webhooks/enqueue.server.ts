import { randomBytes } from "node:crypto";

import type { Prisma } from "@prisma/client";

import { isWebhookKind, parseEventTypes } from "./event-kinds";
import { type WebhookEventSource, webhookPayload } from "./payload";

/** The `webhook-id` of a new message: the same on its retries and replays. */
export function newMessageId(): string {
  return `msg_${randomBytes(18).toString("base64url")}`;
}

/**
 * Queues the event for every enabled endpoint of its agency subscribed to its kind, inside the
 * transaction that records it (the outbox pattern): a change that rolls back sends nothing.
 */
export async function enqueueWebhooks(tx: Prisma.TransactionClient, event: WebhookEventSource & { agencyId: string }): Promise<number> {
  if (!isWebhookKind(event.type)) return 0;
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { agencyId: event.agencyId, disabledAt: null },
    select: { id: true, eventTypes: true },
  });
  const subscribed = endpoints.filter((e) => parseEventTypes(e.eventTypes).includes(event.type as never));
  if (subscribed.length === 0) return 0;
  const payload = JSON.stringify(webhookPayload(event));
  await tx.webhookDelivery.createMany({
    data: subscribed.map((endpoint) => ({
      agencyId: event.agencyId,
      endpointId: endpoint.id,
      eventId: event.id,
      messageId: newMessageId(),
      type: event.type,
      payload,
    })),
  });
  return subscribed.length;
}

/** One delivery outside any audit event (a test event, a replay), due now. */
export function queueDelivery(
  tx: Prisma.TransactionClient,
  endpoint: { agencyId: string } & ({ id: string } | { endpointId: string }),
  message: { type: string; payload: string; messageId?: string; replayOfId?: string; eventId?: string | null },
) {
  return tx.webhookDelivery.create({
    data: {
      agencyId: endpoint.agencyId,
      endpointId: "endpointId" in endpoint ? endpoint.endpointId : endpoint.id,
      eventId: message.eventId ?? null,
      messageId: message.messageId ?? newMessageId(),
      type: message.type,
      payload: message.payload,
      replayOfId: message.replayOfId ?? null,
    },
  });
}
