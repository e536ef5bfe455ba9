import { addHours, subDays, subHours } from "date-fns";

import { recordEvent } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";
import { isUniqueViolation } from "~/modules/db/unique-violation";
import { expiredLinkWhere, openLinkWhere } from "~/modules/links/link-state";
import { HOTJAR_INVITATION_LIFETIME_DAYS } from "~/modules/platforms/hotjar";

import { enqueueEmail } from "./outbox.server";

const BATCH = 200;
/** 10,000 rows of each kind a cycle (a cycle runs every minute). */
const MAX_PAGES = 50;
export const NOT_OPENED_AFTER_HOURS = 48;
export const EXPIRING_WITHIN_HOURS = 24;
export const INVITE_NUDGE_AFTER_DAYS = 3;

/**
 * Queues the reminders that are due at `now`. Each has a dedupe key (per link version or per
 * grant), so however often this runs and however many workers run it, each is sent once.
 */
export async function scheduleReminders(now: Date): Promise<number> {
  let queued = 0;
  const open = openLinkWhere(now);

  queued += await eachPage(
    (skip) =>
      db.onboardingLink.findMany({
        where: { ...open, status: "PENDING", firstOpenedAt: null, sentAt: { lte: subHours(now, NOT_OPENED_AFTER_HOURS) } },
        select: { id: true, agencyId: true, recipientEmail: true, tokenVersion: true },
        // Ordered by the indexed column: without an order Prisma adds ORDER BY id, and PostgreSQL
        // then walks the whole primary key instead of the [status, expiresAt] index.
        orderBy: { expiresAt: "asc" },
        skip,
        take: BATCH,
      }),
    (link) => ({
      agencyId: link.agencyId,
      to: link.recipientEmail,
      dedupeKey: `reminder:link-not-opened:${link.id}:v${link.tokenVersion}`,
      payload: { template: "client-reminder", kind: "link-not-opened", linkId: link.id },
    }),
  );

  queued += await eachPage(
    (skip) =>
      db.onboardingLink.findMany({
        where: { ...open, sentAt: { not: null }, expiresAt: { ...open.expiresAt, lte: addHours(now, EXPIRING_WITHIN_HOURS) } },
        select: { id: true, agencyId: true, recipientEmail: true, tokenVersion: true },
        orderBy: [{ status: "asc" }, { expiresAt: "asc" }],
        skip,
        take: BATCH,
      }),
    (link) => ({
      agencyId: link.agencyId,
      to: link.recipientEmail,
      dedupeKey: `reminder:link-expiring:${link.id}:v${link.tokenVersion}`,
      payload: { template: "client-reminder", kind: "link-expiring", linkId: link.id },
    }),
  );

  const lifetimeStart = subDays(now, HOTJAR_INVITATION_LIFETIME_DAYS);
  queued += await eachPage(
    (skip) =>
      db.grant.findMany({
        where: { status: "INVITED", invitedAt: { lte: subDays(now, INVITE_NUDGE_AFTER_DAYS) } },
        select: { id: true, agencyId: true, linkId: true, grantedByEmail: true, invitedAt: true },
        orderBy: { invitedAt: "asc" },
        skip,
        take: BATCH,
      }),
    (grant) => {
      // Past Hotjar's lifetime the invitation is dead: ask for a new one instead of a nudge.
      const kind = grant.invitedAt < lifetimeStart ? "invite-expired" : "invite-not-accepted";
      return {
        agencyId: grant.agencyId,
        to: grant.grantedByEmail,
        dedupeKey: `reminder:${kind}:${grant.id}`,
        payload: { template: "client-reminder", kind, linkId: grant.linkId, grantId: grant.id },
      };
    },
  );
  return queued;
}

type Reminder = { agencyId: string; to: string; dedupeKey: string; payload: Parameters<typeof enqueueEmail>[1]["payload"] };

/**
 * Queues the reminder of every row `find` gives, a page at a time. A row whose reminder is
 * already queued still matches (nothing on the row says so), so the cycle reads on past a page of
 * them rather than stopping at the first: otherwise, with more than a page due at once, the rows
 * after it would wait until the first ones stopped matching. Each page's reminders already queued
 * are found in one query on the dedupe key. At most MAX_PAGES pages a cycle; the next cycle goes on.
 */
async function eachPage<T>(find: (skip: number) => Promise<T[]>, reminderOf: (row: T) => Reminder): Promise<number> {
  let queued = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const rows = await find(page * BATCH);
    const due = rows.map(reminderOf);
    const sent = await db.outboundEmail.findMany({
      where: { dedupeKey: { in: due.map((r) => r.dedupeKey) } },
      select: { dedupeKey: true },
    });
    const already = new Set(sent.map((r) => r.dedupeKey));
    for (const reminder of due) {
      if (!already.has(reminder.dedupeKey)) queued += await queue(reminder);
    }
    if (rows.length < BATCH) break;
  }
  return queued;
}

async function queue(reminder: Reminder): Promise<number> {
  try {
    return (await db.$transaction((tx) => enqueueEmail(tx, reminder))) ? 1 : 0;
  } catch (error) {
    // Another worker queued the same reminder between our check and insert.
    if (isUniqueViolation(error)) return 0;
    throw error;
  }
}

/** Links past their expiry get one `link.expired` event (the expiry itself is derived). */
export async function recordExpiredLinks(now: Date): Promise<number> {
  const expired = await db.onboardingLink.findMany({
    where: { ...expiredLinkWhere(now), expiryRecordedAt: null },
    select: { id: true, agencyId: true, clientId: true, expiresAt: true },
    orderBy: [{ status: "asc" }, { expiresAt: "asc" }],
    take: BATCH,
  });
  let recorded = 0;
  for (const link of expired) {
    recorded += await db.$transaction(async (tx) => {
      const r = await tx.onboardingLink.updateMany({ where: { id: link.id, expiryRecordedAt: null }, data: { expiryRecordedAt: now } });
      if (r.count !== 1) return 0;
      await recordEvent(tx, {
        agencyId: link.agencyId,
        actor: { type: "system" },
        type: "link.expired",
        linkId: link.id,
        clientId: link.clientId,
        details: { expiresAt: link.expiresAt.toISOString() },
      });
      return 1;
    });
  }
  return recorded;
}
