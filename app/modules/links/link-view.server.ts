// What the client's link page shows, and the row it is drawn from.
import type { Prisma } from "@prisma/client";

import { canBeForwarded, type LinkForward, parseForwards } from "./forwards";
import { effectiveLinkStatus, type LinkStatus } from "./link-state";
import { parseRequestedSites } from "./requested-sites";

/**
 * What the client's page may know: exactly what it shows. Never the whole row (no agency id, no
 * staff email): anyone holding the token sees this. The address the link was sent to, and the
 * contact's name when that is the contact, prefill the confirmation (docs/decisions/043).
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
  recipientEmail: true,
  locale: true,
  forwardedTo: true,
  intakeLinkId: true,
  agency: { select: { name: true, logoUrl: true, accentColor: true } },
  createdBy: { select: { name: true } },
  client: { select: { name: true, hotjarOrganizationId: true, contactName: true, contactEmail: true } },
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
  /** The link's language as staff chose it; null: the client's browser decides. */
  locale: string | null;
  /** Colleagues the client sent this link to. */
  forwards: LinkForward[];
  /** Whether the page offers "I'm not the Hotjar admin" (canBeForwarded). */
  forwardable: boolean;
  /** What the confirmation form starts with (editable). */
  prefill: { name: string; email: string };
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
    locale: link.locale,
    forwards: parseForwards(link.forwardedTo),
    forwardable: canBeForwarded(link),
    prefill: confirmationPrefill(link),
  };
}

/**
 * The confirmation form's starting values: the address the link was sent to, and the contact's
 * name when that address is the contact's (a link sent to someone else must not carry a stranger's name).
 */
export function confirmationPrefill(link: Pick<LinkRow, "recipientEmail" | "client">): { name: string; email: string } {
  const isContact = link.recipientEmail.trim().toLowerCase() === link.client.contactEmail.trim().toLowerCase();
  return { name: isContact ? link.client.contactName : "", email: link.recipientEmail };
}

/** A field error when the ticked sites are not the ones asked for (any of the client's when the client picks). */
export function siteIdsError(link: Pick<LinkRow, "requestedSites" | "clientPicksSite">, siteIds: string[]): string | null {
  if (link.clientPicksSite) return null;
  const names = new Set(parseRequestedSites(link.requestedSites).map((s) => s.hotjarSiteId));
  if (!siteIds.some((id) => !names.has(id))) return null;
  return `Only the site${names.size > 1 ? "s" : ""} asked for: ${[...names].join(", ")}`;
}
