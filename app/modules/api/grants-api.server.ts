import { z } from "zod";

import { recordId } from "~/modules/db/record-id";
import { GRANT_STATUSES, type GrantStatus } from "~/modules/grants/grant-state";
import { withEffectiveStatus } from "~/modules/grants/grants.server";

import { API_PAGE_MAX, dataOf, pageOf } from "./clients-api.server";
import { iso } from "./iso";
import type { ApiOperation } from "./operation";

// The grant resource of /api/v1 (issue 18): the agency's grants by the grant state machine's
// effective status, verified and revoked through changeGrant as the grant page does.

const id = (what: string) => recordId(`Send ${what}'s id`);

export const GrantsQuerySchema = z.object({
  clientId: id("a client").optional().describe("Only this client's grants."),
  linkId: id("a link").optional().describe("Only the grants of this link."),
  status: z
    .enum(GRANT_STATUSES as [GrantStatus, ...GrantStatus[]])
    .optional()
    .describe("Only grants in this status (INVITE_EXPIRED: invited more than the invitation's life ago, never verified)."),
  cursor: id("a grant").optional().describe("The `nextCursor` of the previous page; absent for the first page."),
  limit: z.coerce.number().int().min(1).max(API_PAGE_MAX).default(50).describe("Items per page."),
});
export type GrantsQuery = z.infer<typeof GrantsQuerySchema>;

export const GrantIdParamsSchema = z.object({ grantId: id("a grant").describe("The grant's id.") });

export const GrantResourceSchema = z.object({
  id: z.string(),
  linkId: z.string(),
  clientId: z.string(),
  hotjarSiteId: z.string(),
  siteName: z.string().nullable(),
  siteUrl: z.string().nullable(),
  role: z.string().describe("VIEWER or USER, as asked."),
  granteeEmail: z.string().describe("The agency address the client invited."),
  grantedByName: z.string(),
  grantedByEmail: z.string(),
  status: z.enum(GRANT_STATUSES as [GrantStatus, ...GrantStatus[]]),
  invitedAt: z.string().datetime(),
  verifiedAt: z.string().datetime().nullable(),
  revokedAt: z.string().datetime().nullable(),
  reviewAt: z.string().datetime().nullable(),
  createdAt: z.string().datetime(),
});
export type GrantResource = z.infer<typeof GrantResourceSchema>;

type GrantRow = {
  id: string;
  linkId: string;
  clientId: string;
  hotjarSiteId: string;
  siteName: string | null;
  siteUrl: string | null;
  role: string;
  granteeEmail: string;
  grantedByName: string;
  grantedByEmail: string;
  status: string;
  invitedAt: Date;
  verifiedAt: Date | null;
  revokedAt: Date | null;
  reviewAt: Date | null;
  createdAt: Date;
};

export function grantJson(g: GrantRow, now = new Date()): GrantResource {
  return {
    id: g.id,
    linkId: g.linkId,
    clientId: g.clientId,
    hotjarSiteId: g.hotjarSiteId,
    siteName: g.siteName,
    siteUrl: g.siteUrl,
    role: g.role,
    granteeEmail: g.granteeEmail,
    grantedByName: g.grantedByName,
    grantedByEmail: g.grantedByEmail,
    status: withEffectiveStatus(g, now).effectiveStatus,
    invitedAt: g.invitedAt.toISOString(),
    verifiedAt: iso(g.verifiedAt),
    revokedAt: iso(g.revokedAt),
    reviewAt: iso(g.reviewAt),
    createdAt: g.createdAt.toISOString(),
  };
}

export const grantsOperations: ApiOperation[] = [
  {
    operationId: "listGrants",
    method: "get",
    path: "/grants",
    tag: "Grants",
    summary: "List grants",
    description: "The agency's grants (access a client gave), newest first, a page at a time.",
    scope: "grants:read",
    query: GrantsQuerySchema,
    success: { status: 200, description: "A page of grants.", schema: pageOf(GrantResourceSchema) },
    problems: [422],
  },
  {
    operationId: "verifyGrant",
    method: "post",
    path: "/grants/{grantId}/verify",
    tag: "Grants",
    summary: "Verify a grant",
    description: "Records that the agency can see the site in Hotjar, as the grant page's 'Verify' does.",
    scope: "grants:write",
    params: GrantIdParamsSchema,
    success: { status: 200, description: "The grant, now ACTIVE.", schema: dataOf(GrantResourceSchema) },
    problems: [404, 409],
  },
  {
    operationId: "revokeGrant",
    method: "post",
    path: "/grants/{grantId}/revoke",
    tag: "Grants",
    summary: "Revoke a grant",
    description: "Ends the access, as the grant page does: the client is emailed Hotjar's removal steps.",
    scope: "grants:write",
    params: GrantIdParamsSchema,
    success: { status: 200, description: "The grant, now REVOKED.", schema: dataOf(GrantResourceSchema) },
    problems: [404, 409],
  },
];
