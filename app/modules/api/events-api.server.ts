import { z } from "zod";

import type { listAuditEvents } from "~/modules/audit/audit-log.server";
import { ACTOR_TYPES, AuditQuerySchema } from "~/modules/audit/audit-query";

import { pageOf } from "./clients-api.server";
import type { ApiOperation } from "./operation";

// The audit log through /api/v1 (issue 18): the audit page's filters and listAuditEvents. The page
// drops a filter it cannot use; the API names it in a 422 problem instead, by the page's own rule.

/** Valid iff the audit page would use the value (AuditQuerySchema's field keeps it). */
const auditField = (field: "type" | "client" | "from" | "to" | "cursor", message: string) =>
  z
    .string()
    .refine((v) => AuditQuerySchema.shape[field].parse(v) !== undefined, message)
    .optional();

export const EventsQuerySchema = z.object({
  actor: z.enum(ACTOR_TYPES).optional().describe("Only events by this kind of actor."),
  type: auditField("type", "Send an event type (link.created) or a prefix of whole segments (link)").describe(
    "An event type (`link.created`) or a prefix of whole segments (`link`).",
  ),
  client: auditField("client", "Send a client's id").describe("Only events about this client."),
  from: auditField("from", "Send a date like 2026-03-01").describe("From this day (UTC, YYYY-MM-DD), inclusive."),
  to: auditField("to", "Send a date like 2026-03-31").describe("To this day (UTC, YYYY-MM-DD), inclusive."),
  cursor: auditField("cursor", "Send the nextCursor of the previous page").describe(
    "The `nextCursor` of the previous page; absent for the first page.",
  ),
});

export const EventResourceSchema = z.object({
  id: z.string(),
  createdAt: z.string().datetime(),
  type: z.string().describe("What happened, e.g. `link.created`."),
  actorType: z.enum(ACTOR_TYPES),
  actor: z.string().describe("Who did it: a staff member's email, an API key's name, `client` or `system`."),
  sentence: z.string().describe("What happened, in the audit log's words."),
  context: z.string().nullable(),
  linkId: z.string().nullable(),
  clientId: z.string().nullable(),
  clientName: z.string().nullable(),
});
export type EventResource = z.infer<typeof EventResourceSchema>;

type Listed = Awaited<ReturnType<typeof listAuditEvents>>["items"][number];

export function eventJson(e: Listed): EventResource {
  return {
    id: e.id,
    createdAt: e.createdAt.toISOString(),
    type: e.type,
    actorType: z.enum(ACTOR_TYPES).catch("system").parse(e.actorType),
    actor: e.actor,
    sentence: e.sentence,
    context: e.context,
    linkId: e.linkId,
    clientId: e.clientId,
    clientName: e.clientName,
  };
}

export const eventsOperations: ApiOperation[] = [
  {
    operationId: "listEvents",
    method: "get",
    path: "/events",
    tag: "Events",
    summary: "List events",
    description: "The agency's audit log, newest first, 50 a page, with the audit log page's filters.",
    scope: "events:read",
    query: EventsQuerySchema,
    success: { status: 200, description: "A page of events.", schema: pageOf(EventResourceSchema) },
    problems: [422],
  },
];
