// What the client's link page shows, and the row it is drawn from.
import type { Prisma } from "@prisma/client";

import { effectiveLinkStatus, type LinkStatus } from "./link-state";
import { parseRequestedSites } from "./requested-sites";

/**
 * What the client's page may know: exactly what it shows. Never the whole row (no agency id,
 * no contact email, no staff email): anyone holding the token sees this.
 */
export const viewSelect = {
  id: true,
  agencyId: true,
  clientId: true,
  status: true,
  expiresAt: true,
  tokenVersion: true,
  role: true,
  requestedSites: true,
  clientPicksSite: true,
  granteeEmail: true,
  reason: true,
  accessEndsAt: true,
  completedAt: true,
  declinedAt: true,
  revokedAt: true,
  newLinkRequestedAt: true,
  firstOpenedAt: true,
  agency: { select: { name: true, logoUrl: true, accentColor: true } },
  createdBy: { select: { name: true } },
  client: { select: { name: true, hotjarOrganizationId: true } },
  grants: {
    select: { hotjarSiteId: true, siteName: true, role: true, granteeEmail: true, invitedAt: true, grantedByName: true },
    orderBy: { createdAt: "asc" },
  },
} satisfies Prisma.OnboardingLinkSelect;

export type LinkRow = Prisma.OnboardingLinkGetPayload<{ select: typeof viewSelect }>;

export type LinkPageView = {
  status: LinkStatus;
  agency: { name: string; logoUrl: string | null; accentColor: string | null };
  requesterName: string;
  clientName: string;
  role: "VIEWER" | "USER";
  sites: ReturnType<typeof parseRequestedSites>;
  clientPicksSite: boolean;
  granteeEmail: string;
  reason: string;
  organizationId: string | null;
  expiresAt: string;
  accessEndsAt: string | null;
  completedAt: string | null;
  declinedAt: string | null;
  revokedAt: string | null;
  newLinkRequested: boolean;
  grants: { hotjarSiteId: string; siteName: string | null; role: string; granteeEmail: string; invitedAt: string; grantedByName: string }[];
};

export function toView(link: LinkRow, now: Date): LinkPageView {
  return {
    status: effectiveLinkStatus(link, now),
    agency: { name: link.agency.name, logoUrl: link.agency.logoUrl, accentColor: link.agency.accentColor },
    requesterName: link.createdBy.name,
    clientName: link.client.name,
    role: link.role === "USER" ? "USER" : "VIEWER",
    sites: parseRequestedSites(link.requestedSites),
    clientPicksSite: link.clientPicksSite,
    granteeEmail: link.granteeEmail,
    reason: link.reason,
    organizationId: link.client.hotjarOrganizationId,
    expiresAt: link.expiresAt.toISOString(),
    accessEndsAt: link.accessEndsAt?.toISOString() ?? null,
    completedAt: link.completedAt?.toISOString() ?? null,
    declinedAt: link.declinedAt?.toISOString() ?? null,
    revokedAt: link.revokedAt?.toISOString() ?? null,
    newLinkRequested: link.newLinkRequestedAt !== null,
    grants: link.grants.map((g) => ({ ...g, invitedAt: g.invitedAt.toISOString() })),
  };
}

/** A field error when the ticked sites are not the ones asked for (any of the client's when the client picks). */
export function siteIdsError(link: Pick<LinkRow, "requestedSites" | "clientPicksSite">, siteIds: string[]): string | null {
  if (link.clientPicksSite) return null;
  const names = new Set(parseRequestedSites(link.requestedSites).map((s) => s.hotjarSiteId));
  if (!siteIds.some((id) => !names.has(id))) return null;
  return `Only the site${names.size > 1 ? "s" : ""} asked for: ${[...names].join(", ")}`;
}
