import type { Prisma } from "@prisma/client";

import { db } from "~/modules/db/db.server";

import {
  AUDIT_PAGE_SIZE,
  type AuditCursor,
  type AuditQuery,
  dateRange,
  decodeCursor,
  encodeCursor,
  summariseDetails,
  typeMatch,
} from "./audit-query";
import { AUDIT_CSV_COLUMNS, auditCsvRecord } from "./csv";
import { csvDownloadStream } from "./csv-stream.server";
import { describeEvent, eventPeopleIds } from "./event-words";

/**
 * Reading the agency's audit log: the "Audit log" page and its CSV export. Events are written
 * only by recordEvent (events.server.ts) and never updated or deleted; nothing here writes.
 */

export const CSV_PAGE_SIZE = 500;

const ORDER: Prisma.EventOrderByWithRelationInput[] = [{ createdAt: "desc" }, { id: "desc" }];

const EVENT_FIELDS = {
  id: true,
  createdAt: true,
  actorType: true,
  actorId: true,
  actorLabel: true,
  type: true,
  linkId: true,
  clientId: true,
  grantId: true,
  ipHash: true,
  userAgent: true,
  details: true,
} satisfies Prisma.EventSelect;

/** The filters as a where clause, always inside the agency: a foreign client id matches nothing. */
export function auditWhere(agencyId: string, query: AuditQuery): Prisma.EventWhereInput {
  const range = dateRange(query);
  const where: Prisma.EventWhereInput = {
    agencyId,
    ...(query.actor ? { actorType: query.actor } : {}),
    ...(query.client ? { clientId: query.client } : {}),
    ...(range.gte || range.lt ? { createdAt: range } : {}),
  };
  if (query.type) {
    const match = typeMatch(query.type);
    where.OR = [{ type: match.exact }, { type: { gte: match.gte, lt: match.lt } }];
  }
  return where;
}

/** Rows strictly after the cursor in (createdAt desc, id desc) order: stable across ties. */
function afterCursor(cursor: AuditCursor | null): Prisma.EventWhereInput {
  if (!cursor) return {};
  return {
    OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }],
  };
}

async function fetchPage(agencyId: string, query: AuditQuery, cursor: AuditCursor | null, take: number) {
  return db.event.findMany({
    where: { AND: [auditWhere(agencyId, query), afterCursor(cursor)] },
    select: EVENT_FIELDS,
    orderBy: ORDER,
    take,
  });
}

/** Names of the agency's clients named by these events (one query per page, never all clients). */
export async function clientNames(agencyId: string, events: readonly { clientId: string | null }[]): Promise<Map<string, string>> {
  const ids = [...new Set(events.map((e) => e.clientId).filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return new Map();
  const clients = await db.client.findMany({ where: { agencyId, id: { in: ids } }, select: { id: true, name: true } });
  return new Map(clients.map((c) => [c.id, c.name]));
}

/**
 * Names of the agency's current staff members these events name (as actor, or as the member an
 * event is about), one query per page. Someone who left the agency keeps the label of the event.
 */
export async function staffNames(
  agencyId: string,
  people: { actorId: string | null; subjectId: string | null }[],
): Promise<Map<string, string>> {
  const ids = [...new Set(people.flatMap((p) => [p.actorId, p.subjectId]).filter((id): id is string => Boolean(id)))];
  // Asked even when no event names a member, so a page costs the same whatever it holds.
  const users = await db.user.findMany({
    where: { id: { in: ids }, memberships: { some: { agencyId } } },
    select: { id: true, name: true },
  });
  return new Map(users.map((u) => [u.id, u.name]));
}

/**
 * One page of the audit log, newest first, each event with its sentence (event-words.ts).
 * `clients`: the agency's clients when the caller has them all already (the page's client
 * filter), which saves looking their names up again.
 */
export async function listAuditEvents(agencyId: string, query: AuditQuery, clients?: readonly { id: string; name: string }[]) {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await fetchPage(agencyId, query, cursor, AUDIT_PAGE_SIZE + 1);
  const events = rows.slice(0, AUDIT_PAGE_SIZE);
  const people = events.map(eventPeopleIds);
  const [names, staff] = await Promise.all([
    clients ? new Map(clients.map((c) => [c.id, c.name])) : clientNames(agencyId, events),
    staffNames(agencyId, people),
  ]);
  const items = events.map((e, i) => {
    const clientName = e.clientId ? (names.get(e.clientId) ?? null) : null;
    const { actorId, subjectId } = people[i]!;
    return {
      id: e.id,
      createdAt: e.createdAt,
      actorType: e.actorType,
      actor: e.actorLabel ?? e.actorType,
      type: e.type,
      linkId: e.linkId,
      clientId: e.clientId,
      clientName,
      summary: summariseDetails(e.details),
      ...describeEvent({
        ...e,
        actorName: actorId ? staff.get(actorId) : null,
        subjectName: subjectId ? staff.get(subjectId) : null,
        clientName,
      }),
    };
  });
  const last = events[events.length - 1];
  return { items, nextCursor: rows.length > AUDIT_PAGE_SIZE && last ? encodeCursor(last) : null };
}

/** The client filter's choices: every client of the agency, archived ones too. */
export function listAuditClients(agencyId: string) {
  return db.client.findMany({
    where: { agencyId },
    select: { id: true, name: true, archivedAt: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
}

/**
 * The matching events page by page (keyset, `pageSize` rows per query). The next page is only
 * fetched when the consumer asks for more, so memory holds one page, whatever the log's size.
 */
export async function* auditEventPages(agencyId: string, query: AuditQuery, pageSize = CSV_PAGE_SIZE) {
  let cursor: AuditCursor | null = null;
  while (true) {
    const events = await fetchPage(agencyId, query, cursor, pageSize);
    if (events.length === 0) return;
    const names = await clientNames(agencyId, events);
    yield events.map((e) => ({ ...e, clientName: e.clientId ? (names.get(e.clientId) ?? null) : null }));
    if (events.length < pageSize) return;
    const last = events[events.length - 1]!;
    cursor = { createdAt: last.createdAt, id: last.id };
  }
}

async function* csvRecords(agencyId: string, query: AuditQuery, pageSize: number) {
  for await (const page of auditEventPages(agencyId, query, pageSize)) {
    for (const e of page) {
      yield auditCsvRecord({
        time: e.createdAt.toISOString(),
        actor_type: e.actorType,
        actor: e.actorLabel ?? e.actorId,
        type: e.type,
        client: e.clientName,
        link_id: e.linkId,
        grant_id: e.grantId,
        ip_hash: e.ipHash,
        user_agent: e.userAgent,
        details: e.details,
      });
    }
  }
}

/** The audit log as CSV, streamed (`csvDownloadStream`). */
export function auditCsvStream(agencyId: string, query: AuditQuery, pageSize = CSV_PAGE_SIZE): ReadableStream<Uint8Array> {
  return csvDownloadStream(csvRecords(agencyId, query, pageSize), AUDIT_CSV_COLUMNS, "audit", agencyId);
}

export function auditCsvFilename(slug: string, now = new Date()): string {
  return `audit-${slug}-${now.toISOString().slice(0, 10)}.csv`;
}
