import { z } from "zod";

import type { getClient, listClients } from "~/modules/clients/clients.server";

// The client resource of /api/v1 (docs/decisions/049): the same rows and the same ClientSchema as
// the pages; only the JSON shapes are the API's own.

export const API_PAGE_MAX = 100;

export const ListQuerySchema = z.object({
  cursor: z.string().trim().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(API_PAGE_MAX).default(50),
  q: z.string().trim().max(100).optional(),
  archived: z.enum(["true", "false"]).default("false"),
});

/**
 * A JSON body in ClientSchema's shape: the optional fields (organization id, language, sites, a
 * site's url) may be left out, as the form sends them empty.
 */
export function clientInputFromJson(body: unknown): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
  const value = body as Record<string, unknown>;
  const sites = Array.isArray(value.sites)
    ? value.sites.map((s: unknown) => (typeof s === "object" && s !== null ? { url: "", ...s } : s))
    : value.sites === undefined
      ? []
      : value.sites;
  return { hotjarOrganizationId: "", locale: "", ...value, sites };
}

type Listed = Awaited<ReturnType<typeof listClients>>["items"][number];
type Full = Awaited<ReturnType<typeof getClient>>;

function base(c: Listed | Full) {
  return {
    id: c.id,
    name: c.name,
    contactName: c.contactName,
    contactEmail: c.contactEmail,
    hotjarOrganizationId: c.hotjarOrganizationId,
    locale: c.locale,
    archivedAt: c.archivedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export function listedClientJson(c: Listed) {
  return { ...base(c), counts: c._count };
}

export function clientJson(c: Full) {
  return {
    ...base(c),
    sites: c.sites.map((s) => ({ id: s.id, hotjarSiteId: s.hotjarSiteId, name: s.name, url: s.url })),
  };
}
