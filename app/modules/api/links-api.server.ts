import { z } from "zod";

import { recordId } from "~/modules/db/record-id";
import { grantProgress } from "~/modules/grants/grant-progress";
import { LINK_STATUSES, type LinkStatus } from "~/modules/links/link-state";
import { type getLink, linkSites, type listLinks } from "~/modules/links/links.server";
import { CreateLinkSchema, LinkListQuerySchema, ReissueSchema, ROLE_VALUES } from "~/modules/links/schemas";

import { dataOf, ListQuerySchema, pageOf } from "./clients-api.server";
import { grantJson, GrantResourceSchema } from "./grants-api.server";
import { iso } from "./iso";
import type { ApiOperation } from "./operation";

// The link resource of /api/v1 (issue 18): the links page's filters and listLinks, createLinkIn
// with CreateLinkSchema, and the link page's send, revoke and reissue; only the JSON is the API's own.

const LinkStatusSchema = z.enum(LINK_STATUSES as [LinkStatus, ...LinkStatus[]]);

// The links page's filters are LinkListQuerySchema's; the API takes its fields without their
// `.catch`, so a bad value is refused with a field problem instead of dropped.
const listFilters = LinkListQuerySchema.shape;

export const LinksQuerySchema = z.object({
  status: listFilters.status.removeCatch().describe("Only links in this status (EXPIRED: open links past their expiry)."),
  q: listFilters.q
    .innerType()
    .removeCatch()
    .describe("The links page's search: the client's name or email, the recipient, or a Hotjar site id or address."),
  cursor: listFilters.cursor.removeCatch().describe("The `nextCursor` of the previous page; absent for the first page."),
  limit: ListQuerySchema.shape.limit,
});

export const LinkIdParamsSchema = z.object({ linkId: recordId("Send a link's id").describe("The link's id.") });

// POST /links's body as the document shows it: CreateLinkSchema's own fields (the route parses with
// CreateLinkSchema after linkInputFromJson), plus the explicit yes of the "already granted" rule.
const linkFields = CreateLinkSchema.innerType().innerType().shape;
export const CreateLinkBodySchema = z.object({
  clientId: linkFields.clientId.describe("One of the agency's active clients."),
  role: linkFields.role.describe("The access asked for (Admin is never requested)."),
  siteMode: linkFields.siteMode.optional().describe("`named` (default): the sites in `siteIds`; `clientPicks`: the client chooses one."),
  siteIds: linkFields.siteIds.describe("Hotjar site ids of the client's sites (for `named`)."),
  granteeEmail: linkFields.granteeEmail.describe("The agency address the client invites in Hotjar."),
  recipientEmail: linkFields.recipientEmail.describe("Who the link is for."),
  reason: linkFields.reason.describe("Why the agency asks (the client reads it)."),
  lifetimeValue: z.number().int().positive().describe("How long the link stays open, with `lifetimeUnit` (1 hour to 30 days)."),
  lifetimeUnit: linkFields.lifetimeUnit,
  locale: z.string().optional().describe("The client page's language; absent: the client's, else the agency's; empty: the browser's."),
  accessEndsOn: z.string().optional().describe("A date (YYYY-MM-DD) when the access should end; absent or empty: no end."),
  confirmAlreadyGranted: z
    .boolean()
    .optional()
    .describe("`true` to ask again for a site the agency already holds active access to; without it such a request is refused (409)."),
});

export const ReissueBodySchema = z.object({ lifetimeDays: ReissueSchema.shape.lifetimeDays.describe("The new lifetime, 1 to 30 days.") });

/**
 * A JSON body in CreateLinkSchema's shape: `siteMode` defaults to named, `accessEndsOn` to none,
 * and the "already granted" yes is taken out (the rule, not the schema, reads it).
 */
export function linkInputFromJson(body: unknown): { input: unknown; confirmAlreadyGranted: boolean } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { input: body, confirmAlreadyGranted: false };
  const { confirmAlreadyGranted, ...value } = body as Record<string, unknown>;
  return { input: { siteMode: "named", accessEndsOn: "", ...value }, confirmAlreadyGranted: confirmAlreadyGranted === true };
}

const SiteRefSchema = z.object({ hotjarSiteId: z.string(), name: z.string().nullable() });

export const LinkListItemSchema = z.object({
  id: z.string(),
  client: z.object({ id: z.string(), name: z.string() }),
  status: LinkStatusSchema,
  role: z.enum(ROLE_VALUES),
  siteMode: z.enum(["named", "clientPicks"]),
  sites: z.array(SiteRefSchema).describe("The sites asked for, then any other its grants name."),
  recipientEmail: z.string(),
  progress: z.object({ verified: z.number().int(), waiting: z.number().int(), revoked: z.number().int(), total: z.number().int() }),
  url: z.string().nullable().describe("The link to send, while it is open (PENDING or OPENED); null otherwise."),
  expiresAt: z.string().datetime(),
  createdAt: z.string().datetime(),
  sentAt: z.string().datetime().nullable(),
  firstOpenedAt: z.string().datetime().nullable(),
});
export type LinkListItem = z.infer<typeof LinkListItemSchema>;

export const LinkResourceSchema = LinkListItemSchema.extend({
  granteeEmail: z.string(),
  reason: z.string(),
  locale: z.string().nullable(),
  accessEndsAt: z.string().datetime().nullable(),
  completedAt: z.string().datetime().nullable(),
  declinedAt: z.string().datetime().nullable(),
  revokedAt: z.string().datetime().nullable(),
  grants: z.array(GrantResourceSchema),
});
export type LinkResource = z.infer<typeof LinkResourceSchema>;

const role = (r: string) => ROLE_VALUES.find((v) => v === r) ?? "VIEWER";

type Listed = Awaited<ReturnType<typeof listLinks>>["items"][number];
type Full = Awaited<ReturnType<typeof getLink>>;

export function listedLinkJson(l: Listed): LinkListItem {
  return {
    id: l.id,
    client: { id: l.client.id, name: l.client.name },
    status: l.effectiveStatus,
    role: role(l.role),
    siteMode: l.clientPicksSite ? "clientPicks" : "named",
    sites: l.sites,
    recipientEmail: l.recipientEmail,
    progress: l.progress,
    url: l.url,
    expiresAt: l.expiresAt.toISOString(),
    createdAt: l.createdAt.toISOString(),
    sentAt: iso(l.sentAt),
    firstOpenedAt: iso(l.firstOpenedAt),
  };
}

/** One link as GET /links/{linkId} and every change answer it: its URL only while it is open. */
export function linkJson({ link, effectiveStatus, url }: Full, open: boolean, now = new Date()): LinkResource {
  return {
    id: link.id,
    client: { id: link.client.id, name: link.client.name },
    status: effectiveStatus,
    role: role(link.role),
    siteMode: link.clientPicksSite ? "clientPicks" : "named",
    sites: linkSites(link),
    recipientEmail: link.recipientEmail,
    progress: grantProgress(link.grants, now),
    url: open ? url : null,
    expiresAt: link.expiresAt.toISOString(),
    createdAt: link.createdAt.toISOString(),
    sentAt: iso(link.sentAt),
    firstOpenedAt: iso(link.firstOpenedAt),
    granteeEmail: link.granteeEmail,
    reason: link.reason,
    locale: link.locale,
    accessEndsAt: iso(link.accessEndsAt),
    completedAt: iso(link.completedAt),
    declinedAt: iso(link.declinedAt),
    revokedAt: iso(link.revokedAt),
    grants: link.grants.map((g) => grantJson(g, now)),
  };
}

const linkOperation = (
  operationId: string,
  action: string,
  summary: string,
  description: string,
  extra: Partial<ApiOperation> = {},
): ApiOperation => ({
  operationId,
  method: "post",
  path: `/links/{linkId}/${action}`,
  tag: "Links",
  summary,
  description,
  scope: "links:write",
  params: LinkIdParamsSchema,
  success: { status: 200, description: "The link as it is now.", schema: dataOf(LinkResourceSchema) },
  problems: [404, 409],
  ...extra,
});

export const linksOperations: ApiOperation[] = [
  {
    operationId: "listLinks",
    method: "get",
    path: "/links",
    tag: "Links",
    summary: "List links",
    description: "The agency's links, newest first, 50 a page, with the links page's filters.",
    scope: "links:read",
    query: LinksQuerySchema,
    success: { status: 200, description: "A page of links.", schema: pageOf(LinkListItemSchema) },
    problems: [422],
  },
  {
    operationId: "createLink",
    method: "post",
    path: "/links",
    tag: "Links",
    summary: "Create a link",
    description:
      "An onboarding link, as the New link page makes it; the answer holds its `url` to send. Asking again for a site the agency already holds active access to needs `confirmAlreadyGranted: true`.",
    scope: "links:write",
    body: CreateLinkBodySchema,
    success: { status: 201, description: "The link made.", schema: dataOf(LinkResourceSchema) },
    problems: [400, 409, 415, 422],
  },
  {
    operationId: "getLink",
    method: "get",
    path: "/links/{linkId}",
    tag: "Links",
    summary: "Get a link",
    description: "One link with its sites and grants; its `url` while it is open.",
    scope: "links:read",
    params: LinkIdParamsSchema,
    success: { status: 200, description: "The link.", schema: dataOf(LinkResourceSchema) },
    problems: [404],
  },
  linkOperation(
    "sendLink",
    "send",
    "Send a link by email",
    "Emails the link to its recipient, as the link page's 'Send by email' does. The key's maker must have verified their email address.",
    {
      success: {
        status: 200,
        description: "The link, and where the email goes.",
        schema: dataOf(LinkResourceSchema).extend({ sentTo: z.string() }),
      },
      problems: [403, 404, 409],
    },
  ),
  linkOperation("revokeLink", "revoke", "Revoke a link", "The link stops opening, as the link page's 'Revoke' does."),
  linkOperation(
    "reissueLink",
    "reissue",
    "Reissue a link",
    "A fresh lifetime and a new URL (every older URL stops working), as the link page's 'Reissue' does.",
    { body: ReissueBodySchema, problems: [400, 404, 409, 415, 422] },
  ),
];
