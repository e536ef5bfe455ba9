import type { Prisma } from "@prisma/client";

import { type Actor, recordEvent } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";
import { notFound } from "~/modules/http/errors";

import { endpointOrigin } from "./audit-origin";
import { parseEventTypes } from "./event-kinds";
import type { EndpointInput } from "./schemas";
import { newWebhookSecret } from "./secret.server";
import { checkTarget, type GuardOptions } from "./ssrf-guard.server";

export type StaffActor = Extract<Actor, { type: "staff" }>;
export type SaveResult = { ok: true; endpointId: string } | { ok: false; fieldErrors: Record<string, string[]> };

/**
 * The address rules when an endpoint is saved: https (or an allow-listed host) and no private
 * address. A name that does not resolve yet is accepted; each delivery checks again (rebinding).
 */
async function urlProblem(url: string, guard: GuardOptions): Promise<string | null> {
  const target = await checkTarget(url, guard);
  if (target.ok || target.reason.startsWith("could not resolve")) return null;
  if (target.reason.includes("https only")) return "Use an https:// address";
  return `This address is not allowed: ${target.reason.replace(/^refused: /, "")}`;
}

export async function listEndpoints(agencyId: string) {
  return db.webhookEndpoint.findMany({
    where: { agencyId },
    orderBy: { createdAt: "asc" },
    include: {
      deliveries: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true, createdAt: true, type: true, attempts: true } },
    },
  });
}

export async function getEndpoint(agencyId: string, endpointId: string) {
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id: endpointId, agencyId } });
  if (!endpoint) throw notFound("This webhook endpoint does not exist.");
  return endpoint;
}

export async function createEndpoint(
  agencyId: string,
  actor: StaffActor,
  input: EndpointInput,
  guard: GuardOptions = {},
): Promise<SaveResult> {
  const problem = await urlProblem(input.url, guard);
  if (problem) return { ok: false, fieldErrors: { url: [problem] } };
  const endpoint = await db.$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: {
        agencyId,
        url: input.url,
        description: input.description,
        eventTypes: JSON.stringify(input.eventTypes),
        secret: newWebhookSecret(),
        createdById: actor.id,
      },
    });
    await recordEvent(tx, {
      agencyId,
      actor,
      type: "webhook.endpoint_created",
      details: { endpointId: created.id, url: endpointOrigin(created.url) },
    });
    return created;
  });
  return { ok: true, endpointId: endpoint.id };
}

export async function updateEndpoint(
  agencyId: string,
  endpointId: string,
  actor: StaffActor,
  input: EndpointInput,
  guard: GuardOptions = {},
): Promise<SaveResult> {
  const before = await getEndpoint(agencyId, endpointId);
  const problem = await urlProblem(input.url, guard);
  if (problem) return { ok: false, fieldErrors: { url: [problem] } };
  await db.$transaction(async (tx) => {
    await tx.webhookEndpoint.update({
      where: { id: before.id },
      data: { url: input.url, description: input.description, eventTypes: JSON.stringify(input.eventTypes) },
    });
    await recordEvent(tx, {
      agencyId,
      actor,
      type: "webhook.endpoint_updated",
      details: {
        endpointId,
        url: endpointOrigin(input.url),
        eventTypes: input.eventTypes,
        previousEventTypes: parseEventTypes(before.eventTypes),
      },
    });
  });
  return { ok: true, endpointId };
}

async function change(
  agencyId: string,
  endpointId: string,
  actor: StaffActor,
  type: string,
  data: (tx: Prisma.TransactionClient) => Promise<unknown>,
) {
  const endpoint = await getEndpoint(agencyId, endpointId);
  await db.$transaction(async (tx) => {
    await data(tx);
    await recordEvent(tx, { agencyId, actor, type, details: { endpointId, url: endpointOrigin(endpoint.url) } });
  });
  return endpoint;
}

/** A new secret: deliveries signed from now on use it (the old one stops verifying at once). */
export function rotateSecret(agencyId: string, endpointId: string, actor: StaffActor) {
  return change(agencyId, endpointId, actor, "webhook.secret_rotated", (tx) =>
    tx.webhookEndpoint.update({ where: { id: endpointId }, data: { secret: newWebhookSecret() } }),
  );
}

/** Switching on again starts a fresh failure count; deliveries queued meanwhile go out. */
export function setEndpointEnabled(agencyId: string, endpointId: string, actor: StaffActor, enabled: boolean) {
  return change(agencyId, endpointId, actor, enabled ? "webhook.endpoint_enabled" : "webhook.endpoint_disabled", (tx) =>
    tx.webhookEndpoint.update({
      where: { id: endpointId },
      data: enabled
        ? { disabledAt: null, disabledReason: null, failureStreak: 0 }
        : { disabledAt: new Date(), disabledReason: `Switched off by ${actor.label}` },
    }),
  );
}

export function deleteEndpoint(agencyId: string, endpointId: string, actor: StaffActor) {
  return change(agencyId, endpointId, actor, "webhook.endpoint_deleted", (tx) => tx.webhookEndpoint.delete({ where: { id: endpointId } }));
}
