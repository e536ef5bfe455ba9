import { z } from "zod";

import type { getClient } from "~/modules/clients/clients.server";

import { ClientBodySchema, ClientIdParamsSchema, clientInputFromJson, ClientResourceSchema, dataOf } from "./clients-api.server";
import type { ApiOperation } from "./operation";

// Changing a client through /api/v1 (issue 18): PATCH with the edit form's ClientSchema, archive
// and restore with setClientArchived, as the client page does.

/** PATCH's body: any of POST's fields; those left out keep their value (sites: the whole list when given). */
export const ClientPatchSchema = ClientBodySchema.partial();

/**
 * The edit form's values for a PATCH: the client as it is, with the fields the body gives over
 * it, for ClientSchema to parse as the page's form is parsed.
 */
export function clientPatchInput(current: Awaited<ReturnType<typeof getClient>>, body: unknown): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
  return clientInputFromJson({
    name: current.name,
    contactName: current.contactName,
    contactEmail: current.contactEmail,
    hotjarOrganizationId: current.hotjarOrganizationId ?? "",
    locale: current.locale ?? "",
    sites: current.sites.map((s) => ({ hotjarSiteId: s.hotjarSiteId, name: s.name, url: s.url ?? "" })),
    ...body,
  });
}

export const ArchiveResultSchema = z.object({
  data: ClientResourceSchema,
  linksRevoked: z.number().int().describe("How many open links of the client archiving revoked (0 for restore)."),
  grantsToReview: z.number().int().describe("How many of its grants were listed for review (0 for restore)."),
});

export const clientChangesOperations: ApiOperation[] = [
  {
    operationId: "updateClient",
    method: "patch",
    path: "/clients/{clientId}",
    tag: "Clients",
    summary: "Update a client",
    description:
      "Changes the given fields, as the client's edit page does; the fields left out keep their value. `sites`, when given, is the whole new list.",
    scope: "clients:write",
    params: ClientIdParamsSchema,
    body: ClientPatchSchema,
    success: { status: 200, description: "The client as it is now.", schema: dataOf(ClientResourceSchema) },
    problems: [400, 404, 409, 415, 422],
  },
  {
    operationId: "archiveClient",
    method: "post",
    path: "/clients/{clientId}/archive",
    tag: "Clients",
    summary: "Archive a client",
    description: "Offboards the client: its open links are revoked and its grants listed for review, as on the client page.",
    scope: "clients:write",
    params: ClientIdParamsSchema,
    success: { status: 200, description: "The archived client and what archiving did.", schema: ArchiveResultSchema },
    problems: [404, 409],
  },
  {
    operationId: "restoreClient",
    method: "post",
    path: "/clients/{clientId}/restore",
    tag: "Clients",
    summary: "Restore a client",
    description: "Brings an archived client back; its revoked links stay revoked.",
    scope: "clients:write",
    params: ClientIdParamsSchema,
    success: { status: 200, description: "The restored client.", schema: ArchiveResultSchema },
    problems: [404, 409],
  },
];
