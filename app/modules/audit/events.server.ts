import { createHmac } from "node:crypto";

import type { Prisma } from "@prisma/client";

import { newRecordId } from "~/modules/db/new-id.server";
import { getEnv } from "~/modules/env/env.server";
import { enqueueWebhooks } from "~/modules/webhooks/enqueue.server";

export type Actor =
  | { type: "staff"; id: string; label: string }
  | { type: "client"; label?: string }
  | { type: "system" }
  | { type: "api"; id: string; label?: string };

export type EventInput = {
  agencyId: string;
  actor: Actor;
  type: string;
  linkId?: string;
  clientId?: string;
  grantId?: string;
  details?: Record<string, unknown>;
  request?: RequestMeta;
};

export type RequestMeta = { ip?: string | null; userAgent?: string | null };

/** IPs are kept only as a keyed hash: enough to correlate, not to identify. */
export function hashIp(ip: string): string {
  const key = getEnv().LINK_SIGNING_KEYS[0]!.secret;
  return createHmac("sha256", key).update(`ip|${ip}`).digest("base64url").slice(0, 22);
}

export function requestMeta(request: Request): RequestMeta {
  return requestMetaFrom((name) => request.headers.get(name));
}

/** The same from any header reader (the Express server's, before Remix). */
export function requestMetaFrom(header: (name: string) => string | null): RequestMeta {
  return { ip: header("x-portal-client-ip"), userAgent: header("user-agent") };
}

/** Appends one audit event, inside the caller's transaction (recordEvents for one). */
export function recordEvent(tx: Prisma.TransactionClient, input: EventInput): Promise<void> {
  return recordEvents(tx, [input]);
}

/**
 * The one way audit events are appended, inside the caller's transaction: one insert for any
 * number (a CSV upload records thousands). Events are never updated. Events agencies subscribe to
 * are queued for their webhook endpoints in the same transaction (the outbox pattern).
 */
export async function recordEvents(tx: Prisma.TransactionClient, inputs: EventInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const createdAt = new Date();
  // Ids made here (in order) because the webhook deliveries name their event.
  const events = inputs.map((input) => ({ id: newRecordId(), createdAt, ...eventRow(input) }));
  await tx.event.createMany({ data: events });
  await enqueueWebhooks(tx, events);
}

/** The event's row as stored (without id and createdAt): for Prisma here, and for direct statements. */
export function eventRow(input: EventInput) {
  return {
    agencyId: input.agencyId,
    actorType: input.actor.type,
    actorId: "id" in input.actor ? input.actor.id : null,
    actorLabel: "label" in input.actor ? (input.actor.label ?? null) : null,
    type: input.type,
    linkId: input.linkId ?? null,
    clientId: input.clientId ?? null,
    grantId: input.grantId ?? null,
    ipHash: input.request?.ip ? hashIp(input.request.ip) : null,
    userAgent: input.request?.userAgent?.slice(0, 300) ?? null,
    details: JSON.stringify(input.details ?? {}),
  };
}
