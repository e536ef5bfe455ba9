import type { Prisma } from "@prisma/client";

import { neutraliseCell } from "~/modules/audit/csv";
import { csvDownloadStream } from "~/modules/audit/csv-stream.server";
import { db } from "~/modules/db/db.server";
import { grantProgress, grantProgressWords } from "~/modules/grants/grant-progress";
import { effectiveGrantStatus } from "~/modules/grants/grant-state";

import { effectiveLinkStatus } from "./link-state";
import { LINK_LIST_ORDER, type LinkListFilter, linkListWhere, linkSites } from "./links.server";

// The links list as CSV, and the grants of the links it lists: the page's own filters
// (linkListWhere), read in keyset pages of links and streamed, every cell made safe for a
// spreadsheet (neutraliseCell, as the audit export). Link URLs are left out: each is a key
// the client opens, and a spreadsheet travels further than the portal.

export const LINKS_CSV_PAGE_SIZE = 500;

export const LINKS_CSV_COLUMNS = [
  "created_at",
  "client",
  "contact_email",
  "recipient",
  "status",
  "grants",
  "sites",
  "role",
  "sent_at",
  "first_opened_at",
  "open_count",
  "expires_at",
  "link_id",
] as const;

export const GRANTS_CSV_COLUMNS = [
  "invited_at",
  "client",
  "site_id",
  "site_name",
  "role",
  "grantee",
  "granted_by",
  "granted_by_email",
  "status",
  "verified_at",
  "revoked_at",
  "link_id",
  "grant_id",
] as const;

const LINK_FIELDS = {
  id: true,
  status: true,
  expiresAt: true,
  createdAt: true,
  role: true,
  recipientEmail: true,
  requestedSites: true,
  sentAt: true,
  firstOpenedAt: true,
  openCount: true,
  client: { select: { name: true, contactEmail: true } },
  grants: { select: { status: true, invitedAt: true, hotjarSiteId: true, siteName: true }, orderBy: { createdAt: "asc" } },
} satisfies Prisma.OnboardingLinkSelect;

// The grants export needs only each link's id and client: its grants are read on their own.
const LINK_OF_GRANT_FIELDS = { id: true, client: { select: { name: true } } } satisfies Prisma.OnboardingLinkSelect;

type Filter = Omit<LinkListFilter, "cursor">;

/**
 * The matching links with `select`'s fields, a page at a time (keyset, the list's order),
 * fetched only when the reader asks for more.
 */
async function* linkPages<S extends Prisma.OnboardingLinkSelect & { id: true }>(
  agencyId: string,
  filter: Filter,
  now: Date,
  pageSize: number,
  select: S,
): AsyncGenerator<Prisma.OnboardingLinkGetPayload<{ select: S }>[]> {
  let cursor: string | null = null;
  while (true) {
    const page: Prisma.OnboardingLinkGetPayload<{ select: S }>[] = await db.onboardingLink.findMany({
      where: linkListWhere(agencyId, filter, now),
      select,
      orderBy: LINK_LIST_ORDER,
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (page.length === 0) return;
    yield page;
    if (page.length < pageSize) return;
    cursor = (page[page.length - 1] as { id: string }).id;
  }
}

const iso = (d: Date | null) => d?.toISOString() ?? "";

async function* linkRecords(agencyId: string, filter: Filter, now: Date, pageSize: number) {
  for await (const page of linkPages(agencyId, filter, now, pageSize, LINK_FIELDS)) {
    for (const link of page) {
      const row: Record<(typeof LINKS_CSV_COLUMNS)[number], string> = {
        created_at: iso(link.createdAt),
        client: link.client.name,
        contact_email: link.client.contactEmail,
        recipient: link.recipientEmail,
        status: effectiveLinkStatus(link, now),
        grants: grantProgressWords(grantProgress(link.grants, now)) ?? "",
        sites: linkSites(link)
          .map((s) => (s.name ? `${s.name} (${s.hotjarSiteId})` : s.hotjarSiteId))
          .join("; "),
        role: link.role,
        sent_at: iso(link.sentAt),
        first_opened_at: iso(link.firstOpenedAt),
        open_count: String(link.openCount),
        expires_at: iso(link.expiresAt),
        link_id: link.id,
      };
      yield LINKS_CSV_COLUMNS.map((c) => neutraliseCell(row[c]));
    }
  }
}

async function* grantRecords(agencyId: string, filter: Filter, now: Date, pageSize: number) {
  for await (const page of linkPages(agencyId, filter, now, pageSize, LINK_OF_GRANT_FIELDS)) {
    // The page's grants in one query, by the (linkId, hotjarSiteId) index; in the list's order.
    const grants = await db.grant.findMany({
      where: { agencyId, linkId: { in: page.map((l) => l.id) } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const byLink = new Map<string, typeof grants>();
    for (const g of grants) byLink.set(g.linkId, [...(byLink.get(g.linkId) ?? []), g]);
    for (const link of page) {
      for (const g of byLink.get(link.id) ?? []) {
        const row: Record<(typeof GRANTS_CSV_COLUMNS)[number], string> = {
          invited_at: iso(g.invitedAt),
          client: link.client.name,
          site_id: g.hotjarSiteId,
          site_name: g.siteName ?? "",
          role: g.role,
          grantee: g.granteeEmail,
          granted_by: g.grantedByName,
          granted_by_email: g.grantedByEmail,
          status: effectiveGrantStatus(g, now),
          verified_at: iso(g.verifiedAt),
          revoked_at: iso(g.revokedAt),
          link_id: link.id,
          grant_id: g.id,
        };
        yield GRANTS_CSV_COLUMNS.map((c) => neutraliseCell(row[c]));
      }
    }
  }
}

export function linksCsvStream(agencyId: string, filter: Filter, now = new Date(), pageSize = LINKS_CSV_PAGE_SIZE) {
  return csvDownloadStream(linkRecords(agencyId, filter, now, pageSize), LINKS_CSV_COLUMNS, "links", agencyId);
}

export function grantsCsvStream(agencyId: string, filter: Filter, now = new Date(), pageSize = LINKS_CSV_PAGE_SIZE) {
  return csvDownloadStream(grantRecords(agencyId, filter, now, pageSize), GRANTS_CSV_COLUMNS, "grants", agencyId);
}

/** The download's headers: an attachment named after the agency and the day, never cached. */
export function csvHeaders(kind: "links" | "grants", slug: string, now = new Date()): HeadersInit {
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${kind}-${slug}-${now.toISOString().slice(0, 10)}.csv"`,
    "Cache-Control": "no-store",
  };
}
