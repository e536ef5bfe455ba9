// The events an agency's CRM can subscribe to (issue 18, docs/decisions/053): each is an audit
// event type, so the webhook says exactly what the audit log says, and one table names them.

export const WEBHOOK_EVENT_KINDS = {
  "link.created": "Link created",
  "link.sent": "Link emailed to the client",
  "link.opened": "Link opened by the client",
  "link.completed": "Access granted by the client",
  "link.declined": "Request declined by the client",
  "link.forwarded": "Request forwarded to a colleague",
  "link.expired": "Link expired",
  "link.revoked": "Link revoked",
  "link.reissued": "Link reissued",
  "grant.verified": "Access verified",
  "grant.revoked": "Access revoked",
  "client.created": "Client added",
  "client.archived": "Client archived",
} as const;

export type WebhookEventKind = keyof typeof WEBHOOK_EVENT_KINDS;

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENT_KINDS) as WebhookEventKind[];

/** The kind sent by "Send a test event": never an audit event, so no real subscription sends it. */
export const TEST_EVENT_TYPE = "webhook.test";

export function isWebhookKind(type: string): type is WebhookEventKind {
  return Object.hasOwn(WEBHOOK_EVENT_KINDS, type);
}

/** An endpoint's stored kinds (a JSON array), keeping only the ones that still exist. */
export function parseEventTypes(stored: string): WebhookEventKind[] {
  try {
    const value: unknown = JSON.parse(stored);
    return Array.isArray(value) ? value.filter((v): v is WebhookEventKind => typeof v === "string" && isWebhookKind(v)) : [];
  } catch {
    return [];
  }
}
