// The body of a webhook (docs/decisions/053): `{ type, timestamp, data }`. `data` carries ids and
// what the audit event recorded; never a link's token or URL (a receiver's logs are not ours).

export type WebhookEventSource = {
  id: string;
  type: string;
  createdAt: Date;
  linkId: string | null;
  clientId: string | null;
  grantId: string | null;
  actorType: string;
  details: string;
};

export type WebhookPayload = {
  type: string;
  timestamp: string;
  data: {
    eventId: string | null;
    linkId: string | null;
    clientId: string | null;
    grantId: string | null;
    actor: string;
    details: Record<string, unknown>;
  };
};

function detailsOf(stored: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(stored);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function webhookPayload(event: WebhookEventSource): WebhookPayload {
  return {
    type: event.type,
    timestamp: event.createdAt.toISOString(),
    data: {
      eventId: event.id,
      linkId: event.linkId,
      clientId: event.clientId,
      grantId: event.grantId,
      actor: event.actorType,
      details: detailsOf(event.details),
    },
  };
}

/** What "Send a test event" delivers: the same shape, with no real ids. */
export function testPayload(now: Date): WebhookPayload {
  return {
    type: "webhook.test",
    timestamp: now.toISOString(),
    data: { eventId: null, linkId: null, clientId: null, grantId: null, actor: "staff", details: { test: true } },
  };
}
