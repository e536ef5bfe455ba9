import { recordEvent } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";
import { AppError, notFound } from "~/modules/http/errors";

import { endpointOrigin } from "./audit-origin";
import { getEndpoint, type StaffActor } from "./endpoints.server";
import { queueDelivery } from "./enqueue.server";
import { TEST_EVENT_TYPE } from "./event-kinds";
import { testPayload } from "./payload";

/** The endpoint's delivery log, newest first, with each try. */
export function listDeliveries(agencyId: string, endpointId: string, take = 50) {
  return db.webhookDelivery.findMany({
    where: { agencyId, endpointId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    include: { tries: { orderBy: { createdAt: "asc" } } },
  });
}

/** A switched-off endpoint gets nothing: a test or replay queued for it would wait for ever. */
export const SWITCHED_OFF_MESSAGE = "This endpoint is switched off: switch it on first, then send a test event or replay a delivery.";

function refuseWhenSwitchedOff(endpoint: { disabledAt: Date | null }) {
  if (endpoint.disabledAt) throw new AppError(409, SWITCHED_OFF_MESSAGE);
}

/** "Send a test event": one delivery of `webhook.test`, due now (the endpoint's kinds do not matter). */
export async function sendTestEvent(agencyId: string, endpointId: string, actor: StaffActor) {
  const endpoint = await getEndpoint(agencyId, endpointId);
  refuseWhenSwitchedOff(endpoint);
  return db.$transaction(async (tx) => {
    const delivery = await queueDelivery(tx, endpoint, { type: TEST_EVENT_TYPE, payload: JSON.stringify(testPayload(new Date())) });
    await recordEvent(tx, { agencyId, actor, type: "webhook.test_sent", details: { endpointId, url: endpointOrigin(endpoint.url) } });
    return delivery;
  });
}

/**
 * "Replay": the same message again, as a new delivery due now. It keeps the `webhook-id`, so a
 * receiver that already handled it can tell; its tries start from zero.
 */
export async function replayDelivery(agencyId: string, deliveryId: string, actor: StaffActor) {
  const original = await db.webhookDelivery.findFirst({ where: { id: deliveryId, agencyId } });
  if (!original) throw notFound("This delivery does not exist.");
  refuseWhenSwitchedOff(await getEndpoint(agencyId, original.endpointId));
  return db.$transaction(async (tx) => {
    const delivery = await queueDelivery(tx, original, {
      type: original.type,
      payload: original.payload,
      messageId: original.messageId,
      replayOfId: original.id,
      eventId: original.eventId,
    });
    await recordEvent(tx, {
      agencyId,
      actor,
      type: "webhook.replayed",
      details: { endpointId: original.endpointId, messageId: original.messageId, eventType: original.type },
    });
    return delivery;
  });
}
