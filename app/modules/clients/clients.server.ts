import type { Prisma } from "@prisma/client";

import { type Actor, recordEvent, recordEvents } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";
import { newRecordId } from "~/modules/db/new-id.server";
import { containsText } from "~/modules/db/text-search.server";
import { notFound } from "~/modules/http/errors";
import { linkActionWhere } from "~/modules/links/link-state";
import { revokeOpenLink } from "~/modules/links/links.server";

import type { ClientInput } from "./schemas";

const PAGE_SIZE = 50;

/**
 * One page of the agency's clients by name (keyset on id), each with its numbers of sites, links
 * and grants: counted for this page's clients only, by one grouped query per table, so the page
 * costs the same whatever the agency's (or the database's) size (docs/decisions/022).
 */
export async function listClients(agencyId: string, opts: { q?: string; archived?: boolean; cursor?: string; limit?: number } = {}) {
  const size = opts.limit ?? PAGE_SIZE;
  const rows = await db.client.findMany({
    where: {
      agencyId,
      archivedAt: opts.archived ? { not: null } : null,
      ...(opts.q ? { name: containsText(opts.q) } : {}),
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: size + 1,
    ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
  });
  const hasMore = rows.length > size;
  const page = rows.slice(0, size);
  const counts = await countsOf(page.map((c) => c.id));
  const items = page.map((c) => ({
    ...c,
    _count: { sites: counts.sites.get(c.id) ?? 0, links: counts.links.get(c.id) ?? 0, grants: counts.grants.get(c.id) ?? 0 },
  }));
  return { items, nextCursor: hasMore ? page[page.length - 1]!.id : null };
}

/** Sites, links and grants per client, for clients already read inside the agency. */
async function countsOf(clientIds: string[]) {
  // The ids come from the agency's own rows; each count reads only the clientId index.
  const where = { clientId: { in: clientIds } };
  const [sites, links, grants] = await Promise.all([
    db.clientSite.groupBy({ by: ["clientId"], where, _count: { _all: true } }),
    db.onboardingLink.groupBy({ by: ["clientId"], where, _count: { _all: true } }),
    db.grant.groupBy({ by: ["clientId"], where, _count: { _all: true } }),
  ]);
  const byClient = (groups: { clientId: string; _count: { _all: number } }[]) => new Map(groups.map((g) => [g.clientId, g._count._all]));
  return { sites: byClient(sites), links: byClient(links), grants: byClient(grants) };
}

export async function getClient(agencyId: string, clientId: string) {
  const client = await db.client.findFirst({
    where: { id: clientId, agencyId },
    // Sites made together share a createdAt; their ids keep the order they were listed in.
    include: { sites: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });
  if (!client) throw notFound("Client");
  return client;
}

export async function createClient(agencyId: string, actor: Actor, input: ClientInput) {
  return db.$transaction((tx) => createClientIn(tx, agencyId, actor, input));
}

/** A client as made: what its callers go on with. */
export type CreatedClient = { id: string; name: string; contactEmail: string };

/** One client, inside the caller's transaction: createClientsIn for one. */
export async function createClientIn(
  tx: Prisma.TransactionClient,
  agencyId: string,
  actor: Actor,
  input: ClientInput,
  origin: { intakeLinkId?: string } = {},
): Promise<CreatedClient> {
  return (await createClientsIn(tx, agencyId, actor, [input], origin))[0]!;
}

/**
 * The one way clients are made (pages, the API, CSV uploads, intake links), inside the caller's
 * transaction: one insert each for the clients, their sites and their `client.created` events,
 * however many (a CSV upload makes thousands). `intakeLinkId` marks clients who arrived through
 * an intake link. The answer is in the inputs' order.
 */
export async function createClientsIn(
  tx: Prisma.TransactionClient,
  agencyId: string,
  actor: Actor,
  inputs: ClientInput[],
  origin: { intakeLinkId?: string } = {},
): Promise<CreatedClient[]> {
  if (inputs.length === 0) return [];
  const intakeLinkId = origin.intakeLinkId ?? null;
  const rows = inputs.map((input) => ({
    id: newRecordId(),
    agencyId,
    name: input.name,
    contactName: input.contactName,
    contactEmail: input.contactEmail,
    hotjarOrganizationId: input.hotjarOrganizationId,
    locale: input.locale,
    intakeLinkId,
  }));
  await tx.client.createMany({ data: rows });
  await tx.clientSite.createMany({
    data: inputs.flatMap((input, i) => input.sites.map((s) => ({ ...s, id: newRecordId(), agencyId, clientId: rows[i]!.id }))),
  });
  await recordEvents(
    tx,
    rows.map((client) => ({
      agencyId,
      actor,
      type: "client.created",
      clientId: client.id,
      details: intakeLinkId ? { name: client.name, intakeLinkId } : { name: client.name },
    })),
  );
  return rows.map(({ id, name, contactEmail }) => ({ id, name, contactEmail }));
}

/** Replaces the client's fields and site list in one transaction. */
export async function updateClient(agencyId: string, clientId: string, actor: Actor, input: ClientInput) {
  return db.$transaction(async (tx) => {
    const existing = await tx.client.findFirst({ where: { id: clientId, agencyId }, select: { id: true } });
    if (!existing) throw notFound("Client");
    const keep = input.sites.map((s) => s.hotjarSiteId);
    await tx.clientSite.deleteMany({ where: { clientId, hotjarSiteId: { notIn: keep } } });
    for (const site of input.sites) {
      await tx.clientSite.upsert({
        where: { clientId_hotjarSiteId: { clientId, hotjarSiteId: site.hotjarSiteId } },
        create: { ...site, clientId, agencyId },
        update: { name: site.name, url: site.url },
      });
    }
    const client = await tx.client.update({
      where: { id: clientId },
      data: {
        name: input.name,
        contactName: input.contactName,
        contactEmail: input.contactEmail,
        hotjarOrganizationId: input.hotjarOrganizationId,
        locale: input.locale,
      },
    });
    await recordEvent(tx, { agencyId, actor, type: "client.updated", clientId });
    return client;
  });
}

/** The links that archiving a client revokes: its open ones, by link-state's "revoke" rule. */
function linksRevokedByArchive(agencyId: string, clientId: string, now: Date) {
  return { agencyId, clientId, ...linkActionWhere("revoke", now) };
}

/** How many open links archiving the client would revoke now: the number its confirmation states. */
export function countLinksRevokedByArchive(agencyId: string, clientId: string, now = new Date()): Promise<number> {
  return db.onboardingLink.count({ where: linksRevokedByArchive(agencyId, clientId, now) });
}

/**
 * Archiving offboards the client: its open links are revoked (through the link state machine's
 * guard) and its live grants become due for review, in the same transaction.
 */
export async function setClientArchived(agencyId: string, clientId: string, actor: Actor, archived: boolean, now = new Date()) {
  return db.$transaction(async (tx) => {
    const result = await tx.client.updateMany({
      where: { id: clientId, agencyId },
      data: { archivedAt: archived ? now : null },
    });
    if (result.count !== 1) throw notFound("Client");
    if (!archived) {
      await recordEvent(tx, { agencyId, actor, type: "client.restored", clientId });
      return { linksRevoked: 0, grantsToReview: 0 };
    }
    const open = await tx.onboardingLink.findMany({
      where: linksRevokedByArchive(agencyId, clientId, now),
      select: { id: true, agencyId: true, clientId: true },
    });
    for (const link of open) await revokeOpenLink(tx, link, actor, now, { reason: "client archived" });
    const grants = await tx.grant.updateMany({ where: { agencyId, clientId, status: { not: "REVOKED" } }, data: { reviewAt: now } });
    await recordEvent(tx, {
      agencyId,
      actor,
      type: "client.archived",
      clientId,
      details: { linksRevoked: open.length, grantsToReview: grants.count },
    });
    return { linksRevoked: open.length, grantsToReview: grants.count };
  });
}
