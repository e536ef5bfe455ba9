import { randomBytes } from "node:crypto";

import type { Prisma } from "@prisma/client";

import { newRecordId } from "~/modules/db/new-id.server";

import { isWebhookKind, parseEventTypes } from "./event-kinds";
import { type WebhookEventSource, webhookPayload } from "./payload";

/** The `webhook-id` of a new message: the same on its retries and replays. */
export function newMessageId(): string {
  return `msg_${randomBytes(18).toString("base64url")}`;
}

/**
 * Queues each event for every enabled endpoint of its agency subscribed to its kind, inside the
 * transaction that records them (the outbox pattern): a change that rolls back sends nothing. The
 * endpoints are read once per agency however many events there are.
 */
export async function enqueueWebhooks(
  tx: Prisma.TransactionClient,
  events: (WebhookEventSource & { agencyId: string })[],
): Promise<number> {
  const subscribable = events.filter((e) => isWebhookKind(e.type));
  if (subscribable.length === 0) return 0;
  const agencyIds = [...new Set(subscribable.map((e) => e.agencyId))];
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { agencyId: { in: agencyIds }, disabledAt: null },
    select: { id: true, agencyId: true, eventTypes: true },
  });
  if (endpoints.length === 0) return 0;
  const kinds = new Map(endpoints.map((e) => [e.id, parseEventTypes(e.eventTypes) as string[]]));
  const data = subscribable.flatMap((event) => {
    const subscribed = endpoints.filter((e) => e.agencyId === event.agencyId && kinds.get(e.id)!.includes(event.type));
    if (subscribed.length === 0) return [];
    const payload = JSON.stringify(webhookPayload(event));
    return subscribed.map((endpoint) => ({
      id: newRecordId(),
      agencyId: event.agencyId,
      endpointId: endpoint.id,
      eventId: event.id,
      messageId: newMessageId(),
      type: event.type,
      payload,
    }));
  });
  if (data.length > 0) await tx.webhookDelivery.createMany({ data });
  return data.length;
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
