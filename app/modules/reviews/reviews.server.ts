import { addDays, subDays } from "date-fns";
import { z } from "zod";

import { type Actor, recordEvent } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";
import { isUniqueViolation } from "~/modules/db/unique-violation";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { STORED_GRANT_STATUSES } from "~/modules/grants/grant-state";
import { changeGrant, withEffectiveStatus } from "~/modules/grants/grants.server";
import { AppError, notFound } from "~/modules/http/errors";

/** Grants due within this many days show on the Reviews page (overdue ones first). */
export const DUE_SOON_DAYS = 7;
export const DIGEST_EVERY_DAYS = 7;
export const ACCESS_END_NOTICE_DAYS = 3;

export const KeepSchema = z.object({
  grantId: z.string().min(1),
  nextReviewOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Pick the next review date")
    .transform((v) => new Date(`${v}T12:00:00Z`))
    .refine((d) => !Number.isNaN(d.getTime()), "Pick a real date")
    .refine((d) => d.getTime() > Date.now(), "The next review must be in the future")
    .refine((d) => d.getTime() < addDays(new Date(), 2 * 365).getTime(), "Review at least every two years"),
});

/** The page's query string: where each list's page starts (the id of the row before it). */
export const ReviewsQuerySchema = z.object({
  dueAfter: z
    .string()
    .regex(/^[a-z0-9]{8,40}$/)
    .optional()
    .catch(undefined),
  removalAfter: z
    .string()
    .regex(/^[a-z0-9]{8,40}$/)
    .optional()
    .catch(undefined),
});

export const REVIEWS_PAGE_SIZE = 50;

/** Grants that still give access: "not revoked" as a list of statuses, which an index can read. */
const LIVE = { in: STORED_GRANT_STATUSES.filter((s) => s !== "REVOKED") };

/**
 * The Reviews page: grants due for review (most overdue first) and ended grants awaiting the
 * agency's removal check, one page of each (docs/decisions/022).
 */
export async function listReviews(agencyId: string, query: z.infer<typeof ReviewsQuerySchema> = {}, now = new Date()) {
  const include = { client: { select: { id: true, name: true } }, link: { select: { id: true, accessEndsAt: true } } } as const;
  const page = (after: string | undefined) => ({ take: REVIEWS_PAGE_SIZE + 1, ...(after ? { cursor: { id: after }, skip: 1 } : {}) });
  const [due, awaitingRemoval] = await Promise.all([
    db.grant.findMany({
      where: { agencyId, status: LIVE, reviewAt: { lte: addDays(now, DUE_SOON_DAYS) } },
      include,
      orderBy: [{ reviewAt: "asc" }, { id: "asc" }],
      ...page(query.dueAfter),
    }),
    db.grant.findMany({
      where: { agencyId, status: "REVOKED", removalConfirmedAt: null },
      include,
      orderBy: [{ revokedAt: "asc" }, { id: "asc" }],
      ...page(query.removalAfter),
    }),
  ]);
  const dueItems = due.slice(0, REVIEWS_PAGE_SIZE);
  const removalItems = awaitingRemoval.slice(0, REVIEWS_PAGE_SIZE);
  return {
    due: dueItems.map((g) => ({ ...withEffectiveStatus(g, now), overdue: Boolean(g.reviewAt && g.reviewAt < now) })),
    dueNext: due.length > REVIEWS_PAGE_SIZE ? dueItems[dueItems.length - 1]!.id : null,
    awaitingRemoval: removalItems.map((g) => withEffectiveStatus(g, now)),
    removalNext: awaitingRemoval.length > REVIEWS_PAGE_SIZE ? removalItems[removalItems.length - 1]!.id : null,
  };
}

/** "Keep": the access stays, reviewed again on the chosen date. */
export async function keepGrant(agencyId: string, grantId: string, actor: Actor, nextReviewAt: Date, now = new Date()) {
  await db.$transaction(async (tx) => {
    const r = await tx.grant.updateMany({
      where: { id: grantId, agencyId, status: { not: "REVOKED" } },
      data: { reviewAt: nextReviewAt, lastReviewedAt: now },
    });
    if (r.count !== 1) {
      if (!(await tx.grant.findFirst({ where: { id: grantId, agencyId }, select: { id: true } }))) throw notFound("Grant");
      throw new AppError(409, "This access has already ended.");
    }
    await recordEvent(tx, { agencyId, actor, type: "grant.review_kept", grantId, details: { nextReviewAt: nextReviewAt.toISOString() } });
  });
}

/** "End access": the grant is revoked and the client is emailed Hotjar's removal steps. */
export async function endAccess(agencyId: string, grantId: string, actor: Actor, now = new Date()) {
  return changeGrant(agencyId, grantId, "revoke", actor, now);
}

/** The agency checked it can no longer see the site: the grant leaves the review list. */
export async function confirmRemoval(agencyId: string, grantId: string, actor: Actor, now = new Date()) {
  await db.$transaction(async (tx) => {
    const r = await tx.grant.updateMany({
      where: { id: grantId, agencyId, status: "REVOKED", removalConfirmedAt: null },
      data: { removalConfirmedAt: now },
    });
    if (r.count !== 1) {
      if (!(await tx.grant.findFirst({ where: { id: grantId, agencyId }, select: { id: true } }))) throw notFound("Grant");
      throw new AppError(409, "End the access first.");
    }
    await recordEvent(tx, { agencyId, actor, type: "grant.removal_confirmed", grantId });
  });
}

/**
 * Queued by the worker: a weekly digest of due reviews to every member, and a notice 3 days
 * before a grant's access end date to the link's creator and the notification address. Dedupe
 * keys make each go once.
 */
export async function scheduleReviewNotices(now: Date): Promise<number> {
  let queued = 0;
  const agencies = await db.agency.findMany({
    where: {
      OR: [{ lastReviewDigestAt: null }, { lastReviewDigestAt: { lte: subDays(now, DIGEST_EVERY_DAYS) } }],
      grants: { some: { status: LIVE, reviewAt: { lte: now } } },
    },
    select: { id: true, memberships: { select: { user: { select: { email: true } } } } },
    take: 100,
  });
  for (const agency of agencies) {
    queued += await db.$transaction(async (tx) => {
      const claimed = await tx.agency.updateMany({
        where: { id: agency.id, OR: [{ lastReviewDigestAt: null }, { lastReviewDigestAt: { lte: subDays(now, DIGEST_EVERY_DAYS) } }] },
        data: { lastReviewDigestAt: now },
      });
      if (claimed.count !== 1) return 0;
      let n = 0;
      for (const m of agency.memberships) {
        n += (await enqueueEmail(tx, { agencyId: agency.id, to: m.user.email, payload: { template: "review-notice", kind: "digest" } }))
          ? 1
          : 0;
      }
      return n;
    });
  }

  const ending = await db.grant.findMany({
    // Driven by the links' end dates (an index), so "not revoked" stays a plain check on each grant.
    where: { status: { not: "REVOKED" }, link: { accessEndsAt: { gt: now, lte: addDays(now, ACCESS_END_NOTICE_DAYS) } } },
    select: {
      id: true,
      agencyId: true,
      linkId: true,
      link: { select: { createdBy: { select: { email: true } }, agency: { select: { notificationEmail: true } } } },
    },
    take: 200,
  });
  for (const grant of ending) {
    const recipients = new Set([grant.link.createdBy.email, grant.link.agency.notificationEmail].filter((v): v is string => Boolean(v)));
    for (const to of recipients) {
      try {
        queued += (await db.$transaction((tx) =>
          enqueueEmail(tx, {
            agencyId: grant.agencyId,
            to,
            dedupeKey: `notice:access-ending:${grant.id}:${to}`,
            payload: { template: "review-notice", kind: "access-ending", linkId: grant.linkId, grantId: grant.id },
          }),
        ))
          ? 1
          : 0;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
  }
  return queued;
}
