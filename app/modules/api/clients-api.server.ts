import { z } from "zod";

import type { getClient, listClients } from "~/modules/clients/clients.server";
import { ClientSchema, SiteSchema } from "~/modules/clients/schemas";
import { MAX_SITES_PER_CLIENT, TOO_MANY_SITES } from "~/modules/clients/site-rows";
import { recordId } from "~/modules/db/record-id";

import type { ApiOperation } from "./operation";

// The client resource of /api/v1 (docs/decisions/049): the same rows and the same ClientSchema as
// the pages; only the JSON shapes are the API's own.

export const API_PAGE_MAX = 100;

export const ListQuerySchema = z.object({
  cursor: z.string().trim().max(64).optional().describe("The `nextCursor` of the previous page; absent for the first page."),
  limit: z.coerce.number().int().min(1).max(API_PAGE_MAX).default(50).describe("Items per page."),
  q: z.string().trim().max(100).optional().describe("Only clients whose name, contact or email contains this."),
  archived: z.enum(["true", "false"]).default("false").describe("`true`: the archived clients instead of the active ones."),
});

export const ClientIdParamsSchema = z.object({ clientId: recordId("Send a client's id").describe("The client's id.") });

// The JSON body of POST /clients as the document shows it: ClientSchema's own field schemas (the
// route parses with ClientSchema after clientInputFromJson), with the fields a form sends empty optional.
const clientFields = ClientSchema.innerType().shape;
export const ClientBodySchema = z.object({
  name: clientFields.name.describe("The client's company name."),
  contactName: clientFields.contactName.describe("The person who will grant access."),
  contactEmail: clientFields.contactEmail.describe("Their email address."),
  hotjarOrganizationId: clientFields.hotjarOrganizationId.optional().describe("The client's Hotjar organization id, digits."),
  locale: clientFields.locale.describe("The client's language; absent or empty: the agency's."),
  sites: z
    .array(
      SiteSchema.extend({
        hotjarSiteId: SiteSchema.shape.hotjarSiteId.describe("The Hotjar site id, digits or the site's Hotjar address."),
        name: SiteSchema.shape.name.describe("A name for the site."),
        url: SiteSchema.shape.url.optional().describe("The site's address."),
      }),
    )
    .max(MAX_SITES_PER_CLIENT, TOO_MANY_SITES)
    .optional()
    .describe("The client's Hotjar sites (each id once)."),
});

const ClientBaseSchema = z.object({
  id: z.string().describe("The client's id, for /clients/{clientId}."),
  name: z.string().describe("The client's company name."),
  contactName: z.string().describe("The person who grants access."),
  contactEmail: z.string().describe("Their email address."),
  hotjarOrganizationId: z.string().nullable().describe("The client's Hotjar organization id, if known."),
  locale: z.string().nullable().describe("The client's language; null: the agency's."),
  archivedAt: z.string().datetime().nullable().describe("When it was archived; null: active."),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
});

export const ClientSiteResourceSchema = z.object({
  id: z.string(),
  hotjarSiteId: z.string().describe("The Hotjar site id, digits."),
  name: z.string(),
  url: z.string().nullable().describe("The site's address, if given."),
});

/** One client with its sites (GET /clients/{clientId}, POST /clients). */
export const ClientResourceSchema = ClientBaseSchema.extend({ sites: z.array(ClientSiteResourceSchema) });
export type ClientResource = z.infer<typeof ClientResourceSchema>;

/** A client as listed, with how many sites, links and grants it has. */
export const ClientListItemSchema = ClientBaseSchema.extend({
  counts: z
    .object({ sites: z.number().int(), links: z.number().int(), grants: z.number().int() })
    .describe("How many sites, onboarding links and grants the client has."),
});
export type ClientListItem = z.infer<typeof ClientListItemSchema>;

/** `{ data }`: the envelope of one resource. */
export const dataOf = <T extends z.ZodTypeAny>(schema: T) => z.object({ data: schema });

/** `{ data, nextCursor }`: a page of a list; `nextCursor` null on the last page. */
export const pageOf = <T extends z.ZodTypeAny>(schema: T) =>
  z.object({ data: z.array(schema), nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null: no more.") });

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

function base(c: Listed | Full): z.infer<typeof ClientBaseSchema> {
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

export function listedClientJson(c: Listed): ClientListItem {
  return { ...base(c), counts: c._count };
}

export function clientJson(c: Full): ClientResource {
  return {
    ...base(c),
    sites: c.sites.map((s) => ({ id: s.id, hotjarSiteId: s.hotjarSiteId, name: s.name, url: s.url })),
  };
}

export const clientsOperations: ApiOperation[] = [
  {
    operationId: "listClients",
    method: "get",
    path: "/clients",
    tag: "Clients",
    summary: "List clients",
    description: "The agency's clients by name, a page at a time.",
    scope: "clients:read",
    query: ListQuerySchema,
    success: { status: 200, description: "A page of clients.", schema: pageOf(ClientListItemSchema) },
    problems: [422],
  },
  {
    operationId: "createClient",
    method: "post",
    path: "/clients",
    tag: "Clients",
    summary: "Create a client",
    description: "A client with its Hotjar sites, as the New client page makes it.",
    scope: "clients:write",
    body: ClientBodySchema,
    success: { status: 201, description: "The client made.", schema: dataOf(ClientResourceSchema) },
    problems: [400, 415, 422],
  },
  {
    operationId: "getClient",
    method: "get",
    path: "/clients/{clientId}",
    tag: "Clients",
    summary: "Get a client",
    description: "One client with its sites.",
    scope: "clients:read",
    params: ClientIdParamsSchema,
    success: { status: 200, description: "The client.", schema: dataOf(ClientResourceSchema) },
    problems: [404],
  },
];
