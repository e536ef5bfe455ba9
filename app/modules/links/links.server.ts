import type { Prisma } from "@prisma/client";
import { addDays, addHours } from "date-fns";

import { type Actor, recordEvent, recordEvents } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";
import { newRecordId } from "~/modules/db/new-id.server";
import { idSlices } from "~/modules/db/record-id";
import { containsText } from "~/modules/db/text-search.server";
import { grantProgress } from "~/modules/grants/grant-progress";
import { AppError, notFound } from "~/modules/http/errors";
import { defaultLinkLocale } from "~/modules/i18n/locales";
import { hotjarSiteIdFrom } from "~/modules/platforms/hotjar";

import {
  effectiveLinkStatus,
  effectiveStatusWhere,
  isOpenStatus,
  isStoredLinkStatus,
  LINK_STATUSES,
  linkActionWhere,
  type LinkStatus,
  linkTransition,
} from "./link-state";
import { linkUrl } from "./link-url.server";
import { parseRequestedSites } from "./requested-sites";
import type { CreateLinkInput } from "./schemas";
import { floorToSecond } from "./token.server";

const PAGE_SIZE = 50;

export type CreateLinkResult = { ok: true; linkId: string; url: string } | { ok: false; fieldErrors: Record<string, string[]> };

/**
 * Who a new link is made by: the actor of its event, the staff member it is recorded against
 * (an API key's or intake link's maker), and where it came from (an intake link, a CSV upload).
 */
export type LinkOrigin = {
  actor: Actor;
  createdById: string;
  intakeLinkId?: string;
  batchId?: string;
};

/** A staff member's own link, from the New link page. */
export async function createLink(
  agencyId: string,
  actor: Extract<Actor, { type: "staff" }>,
  input: CreateLinkInput,
  now = new Date(),
): Promise<CreateLinkResult> {
  return db.$transaction((tx) => createLinkIn(tx, agencyId, { actor, createdById: actor.id }, input, now));
}

/** One link, inside the caller's transaction: createLinksIn for one. */
export async function createLinkIn(
  tx: Prisma.TransactionClient,
  agencyId: string,
  origin: LinkOrigin,
  input: CreateLinkInput,
  now = new Date(),
): Promise<CreateLinkResult> {
  const made = await createLinksIn(tx, agencyId, origin, [input], now);
  return made.ok ? { ok: true, ...made.links[0]! } : { ok: false, fieldErrors: made.fieldErrors };
}

export type CreateLinksResult =
  { ok: true; links: { linkId: string; url: string }[] } | { ok: false; index: number; fieldErrors: Record<string, string[]> };

/**
 * The one way links are made (pages, the API, CSV uploads, intake links), inside the caller's
 * transaction so a batch is all or nothing: each link's client must be an active one of the
 * agency and its sites the client's own, else nothing is made and the answer names the first
 * input refused (`index`). The request is snapshotted and `link.created` recorded. One insert
 * for the links and one for their events however many there are (a CSV upload makes thousands).
 */
export async function createLinksIn(
  tx: Prisma.TransactionClient,
  agencyId: string,
  origin: LinkOrigin,
  inputs: CreateLinkInput[],
  now = new Date(),
): Promise<CreateLinksResult> {
  if (inputs.length === 0) return { ok: true, links: [] };
  const clientIds = [...new Set(inputs.map((i) => i.clientId))];
  const clients = new Map<
    string,
    { id: string; locale: string | null; sites: { hotjarSiteId: string; name: string; url: string | null }[] }
  >();
  for (const ids of idSlices(clientIds)) {
    const slice = await tx.client.findMany({
      where: { id: { in: ids }, agencyId, archivedAt: null },
      select: { id: true, locale: true, sites: { select: { hotjarSiteId: true, name: true, url: true } } },
    });
    for (const client of slice) clients.set(client.id, client);
  }
  const agency = await tx.agency.findUniqueOrThrow({ where: { id: agencyId }, select: { locale: true } });
  const createdAt = new Date();
  const rows: (Prisma.OnboardingLinkCreateManyInput & { id: string; tokenVersion: number; expiresAt: Date })[] = [];
  for (const [index, input] of inputs.entries()) {
    const client = clients.get(input.clientId);
    if (!client) return { ok: false, index, fieldErrors: { clientId: ["Choose one of your active clients"] } };
    const sites = input.siteIds.map((id) => client.sites.find((s) => s.hotjarSiteId === id));
    if (sites.some((s) => !s)) return { ok: false, index, fieldErrors: { siteIds: ["Pick sites of this client only"] } };
    const requestedSites = sites.map((s) => ({ hotjarSiteId: s!.hotjarSiteId, name: s!.name, url: s!.url }));
    rows.push({
      id: newRecordId(),
      // The first version; a reissue moves it on (same row).
      tokenVersion: 1,
      agencyId,
      clientId: client.id,
      createdById: origin.createdById,
      recipientEmail: input.recipientEmail,
      role: input.role,
      requestedSites: JSON.stringify(requestedSites),
      clientPicksSite: input.siteMode === "clientPicks",
      granteeEmail: input.granteeEmail,
      reason: input.reason,
      accessEndsAt: input.accessEndsOn,
      expiresAt: floorToSecond(addHours(now, input.lifetimeHours)),
      // The page's and the emails' language; a reissue keeps it (same row).
      locale: input.locale === undefined ? defaultLinkLocale(client, agency) : input.locale,
      intakeLinkId: origin.intakeLinkId ?? null,
      batchId: origin.batchId ?? null,
      createdAt,
    });
  }
  await tx.onboardingLink.createMany({ data: rows });
  await recordEvents(
    tx,
    rows.map((link, index) => ({
      agencyId,
      actor: origin.actor,
      type: "link.created",
      linkId: link.id,
      clientId: link.clientId,
      details: {
        role: link.role,
        sites: inputs[index]!.siteIds,
        lifetimeHours: inputs[index]!.lifetimeHours,
        ...(origin.intakeLinkId ? { intakeLinkId: origin.intakeLinkId } : {}),
        ...(origin.batchId ? { batchId: origin.batchId } : {}),
      },
    })),
  );
  return { ok: true, links: rows.map((link) => ({ linkId: link.id, url: linkUrl(link) })) };
}

export type LinkListFilter = { status?: LinkStatus; q?: string; cursor?: string; limit?: number };

/**
 * How many of the agency's links are in each status, from two aggregate queries that read only
 * the (agencyId, status, expiresAt) index: the stored statuses, and the open links past expiry
 * (EXPIRED, derived), which are taken out of the open statuses they are stored as.
 */
export async function countLinksByStatus(agencyId: string, now: Date): Promise<Record<LinkStatus, number>> {
  const [stored, expired] = await Promise.all([
    db.onboardingLink.groupBy({ by: ["status"], where: { agencyId }, _count: { _all: true } }),
    db.onboardingLink.groupBy({ by: ["status"], where: { agencyId, ...effectiveStatusWhere("EXPIRED", now) }, _count: { _all: true } }),
  ]);
  const counts = Object.fromEntries(LINK_STATUSES.map((s) => [s, 0])) as Record<LinkStatus, number>;
  for (const g of stored) if (isStoredLinkStatus(g.status)) counts[g.status] += g._count._all;
  for (const g of expired) {
    if (!isStoredLinkStatus(g.status)) continue;
    counts[g.status] -= g._count._all;
    counts.EXPIRED += g._count._all;
  }
  return counts;
}

/**
 * The requested-sites JSON (written by createLink with JSON.stringify) holds a site as
 * `"hotjarSiteId":"1234567"`: that exact text, quotes included, matches that site and no other.
 */
function requestedSiteText(hotjarSiteId: string): string {
  return JSON.stringify({ hotjarSiteId }).slice(1, -1);
}

/**
 * What the list's one search box finds: the client's name or contact email, the recipient's
 * email, or, when the text reads as a Hotjar site id (digits or a pasted Hotjar address), the
 * links that asked for that site or got a grant on it (a "client picks" link names its site
 * only in its grants).
 */
function searchWhere(q: string): Prisma.OnboardingLinkWhereInput {
  const text = containsText(q);
  const or: Prisma.OnboardingLinkWhereInput[] = [{ client: { name: text } }, { client: { contactEmail: text } }, { recipientEmail: text }];
  const siteId = hotjarSiteIdFrom(q);
  if (siteId) {
    or.push({ requestedSites: { contains: requestedSiteText(siteId) } }, { grants: { some: { hotjarSiteId: siteId } } });
  }
  return { OR: or };
}

/** The list's filters as a where clause, always inside the agency: the page and its CSV exports. */
export function linkListWhere(agencyId: string, filter: Omit<LinkListFilter, "cursor">, now: Date): Prisma.OnboardingLinkWhereInput {
  return {
    agencyId,
    ...(filter.status ? effectiveStatusWhere(filter.status, now) : {}),
    ...(filter.q ? searchWhere(filter.q) : {}),
  };
}

/** Newest first, id breaking ties: the order of the (agencyId, createdAt, id) index. */
export const LINK_LIST_ORDER: Prisma.OnboardingLinkOrderByWithRelationInput[] = [{ createdAt: "desc" }, { id: "desc" }];

const LIST_FIELDS = {
  id: true,
  status: true,
  expiresAt: true,
  tokenVersion: true,
  role: true,
  requestedSites: true,
  clientPicksSite: true,
  recipientEmail: true,
  createdAt: true,
  sentAt: true,
  firstOpenedAt: true,
  newLinkRequestedAt: true,
  client: { select: { id: true, name: true, contactEmail: true } },
  // One more query for the whole page (Prisma's IN over the page's ids), never one per row.
  grants: { select: { status: true, invitedAt: true, hotjarSiteId: true, siteName: true }, orderBy: { createdAt: "asc" } },
} satisfies Prisma.OnboardingLinkSelect;

/**
 * One page of the agency's links, newest first. The next page starts after the last row
 * (keyset), so a page costs the same at link 50 or 100,000; there is no total to count
 * (docs/decisions/022). Each row says how far its grants have come (grantProgress).
 */
export async function listLinks(agencyId: string, filter: LinkListFilter, now = new Date()) {
  const size = filter.limit ?? PAGE_SIZE;
  const rows = await db.onboardingLink.findMany({
    where: linkListWhere(agencyId, filter, now),
    select: LIST_FIELDS,
    orderBy: LINK_LIST_ORDER,
    take: size + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, size).map(({ grants, requestedSites, tokenVersion, ...row }) => {
    const effectiveStatus = effectiveLinkStatus(row, now);
    return {
      ...row,
      effectiveStatus,
      sites: linkSites({ requestedSites, grants }),
      progress: grantProgress(grants, now),
      // Only an open link's URL is worth copying: any other opens a page saying it is closed.
      url: isOpenStatus(effectiveStatus) ? linkUrl({ id: row.id, tokenVersion, expiresAt: row.expiresAt }) : null,
    };
  });
  return { items, nextCursor: rows.length > size ? items[items.length - 1]!.id : null };
}

/**
 * The sites a link is about, by id and name: those it asked for, then any other its grants name
 * (a "client picks" link asks for none and learns its site when the client completes it).
 */
export function linkSites(link: {
  requestedSites: string;
  grants: { hotjarSiteId: string; siteName: string | null }[];
}): { hotjarSiteId: string; name: string | null }[] {
  const sites: { hotjarSiteId: string; name: string | null }[] = parseRequestedSites(link.requestedSites).map((s) => ({
    hotjarSiteId: s.hotjarSiteId,
    name: s.name,
  }));
  for (const g of link.grants) {
    if (!sites.some((s) => s.hotjarSiteId === g.hotjarSiteId)) sites.push({ hotjarSiteId: g.hotjarSiteId, name: g.siteName });
  }
  return sites;
}

export async function getLink(agencyId: string, linkId: string, now = new Date()) {
  const link = await db.onboardingLink.findFirst({
    where: { id: linkId, agencyId },
    include: {
      client: { select: { id: true, name: true, contactEmail: true, hotjarOrganizationId: true } },
      createdBy: { select: { name: true, email: true } },
      grants: { orderBy: { createdAt: "asc" } },
    },
  });
  if (!link) throw notFound("Link");
  const events = await db.event.findMany({
    where: { agencyId, linkId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 50,
  });
  return {
    link,
    effectiveStatus: effectiveLinkStatus(link, now),
    sites: parseRequestedSites(link.requestedSites),
    url: linkUrl(link),
    events,
  };
}

/** The names of the staff members who did these events, for sentences ("Sam Staff emailed the link"). */
export async function staffNames(events: { actorType: string; actorId: string | null }[]): Promise<Map<string, string>> {
  const ids = [...new Set(events.flatMap((e) => (e.actorType === "staff" && e.actorId ? [e.actorId] : [])))];
  if (ids.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

/** Loads a link of the agency and checks `action` is allowed, or throws a user-facing error. */
async function requireTransition(tx: Prisma.TransactionClient, agencyId: string, linkId: string, action: "revoke" | "reissue", now: Date) {
  const link = await tx.onboardingLink.findFirst({ where: { id: linkId, agencyId } });
  if (!link) throw notFound("Link");
  const t = linkTransition(link, action, now);
  if (!t.ok) throw new AppError(409, t.reason);
  return { link, to: t.to };
}

/**
 * Revokes an open link of the agency inside `tx`, with its event: the one way a link is revoked
 * (by staff, or when its client is archived). False when it was no longer open.
 */
export async function revokeOpenLink(
  tx: Prisma.TransactionClient,
  link: { id: string; agencyId: string; clientId: string },
  actor: Actor,
  now: Date,
  details?: Record<string, unknown>,
): Promise<boolean> {
  const result = await tx.onboardingLink.updateMany({
    where: { id: link.id, agencyId: link.agencyId, ...linkActionWhere("revoke", now) },
    data: { status: "REVOKED", revokedAt: now },
  });
  if (result.count !== 1) return false;
  await recordEvent(tx, {
    agencyId: link.agencyId,
    actor,
    type: "link.revoked",
    linkId: link.id,
    clientId: link.clientId,
    ...(details ? { details } : {}),
  });
  return true;
}

export async function revokeLink(agencyId: string, linkId: string, actor: Actor, now = new Date()) {
  await db.$transaction(async (tx) => {
    const { link } = await requireTransition(tx, agencyId, linkId, "revoke", now);
    if (!(await revokeOpenLink(tx, link, actor, now))) throw new AppError(409, "The link changed meanwhile: reload and try again.");
  });
}

/** A fresh lifetime and a new token version: every older URL of the link stops working. */
export async function reissueLink(agencyId: string, linkId: string, actor: Actor, lifetimeDays: number, now = new Date()) {
  return db.$transaction(async (tx) => {
    const { link, to } = await requireTransition(tx, agencyId, linkId, "reissue", now);
    const expiresAt = floorToSecond(addDays(now, lifetimeDays));
    const result = await tx.onboardingLink.updateMany({
      where: { id: link.id, agencyId, tokenVersion: link.tokenVersion, ...linkActionWhere("reissue", now) },
      // The new URL has not been sent yet: reminders wait until staff send it.
      data: { status: to, expiresAt, tokenVersion: { increment: 1 }, newLinkRequestedAt: null, expiryRecordedAt: null, sentAt: null },
    });
    if (result.count !== 1) throw new AppError(409, "The link changed meanwhile: reload and try again.");
    await recordEvent(tx, {
      agencyId,
      actor,
      type: "link.reissued",
      linkId,
      clientId: link.clientId,
      details: { tokenVersion: link.tokenVersion + 1, lifetimeDays },
    });
    return { url: linkUrl({ id: link.id, tokenVersion: link.tokenVersion + 1, expiresAt }) };
  });
}
