import type { Prisma } from "@prisma/client";
import { isbot } from "isbot";

import { recordEvent, type RequestMeta } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";
import { notifyAgency } from "~/modules/email/notifications.server";
import { INITIAL_GRANT_STATUS, initialReviewAt } from "~/modules/grants/grant-state";

import { linkActionWhere, linkTransition } from "./link-state";
import { verifyToken } from "./link-url.server";
import { type LinkPageView, type LinkRow, siteIdsError, toView, viewSelect } from "./link-view.server";
import { parseRequestedSites } from "./requested-sites";
import type { VerifiedLinkToken } from "./token.server";

export type { LinkPageView } from "./link-view.server";

export type ResolvedLink = { claims: VerifiedLinkToken; link: LinkRow };

/**
 * Token first (no query for a forged one), then the database decides: the link must exist
 * and carry the token's version and expiry, so reissued and mangled URLs are simply unknown.
 */
export async function resolveLink(token: string, client: Prisma.TransactionClient = db): Promise<ResolvedLink | null> {
  const claims = verifyToken(token);
  if (!claims) return null;
  const link = await client.onboardingLink.findUnique({ where: { id: claims.linkId }, select: viewSelect });
  if (!link || link.tokenVersion !== claims.version || link.expiresAt.getTime() !== claims.expiresAt.getTime()) {
    return null;
  }
  return { claims, link };
}

/**
 * Loads the page and counts the open. Link scanners in mail filters are not the client, and the
 * page drawn again after a form post (`countOpen` false) is not a new open.
 */
export async function openLinkPage(token: string, meta: RequestMeta, now = new Date(), countOpen = true): Promise<LinkPageView | null> {
  const resolved = await resolveLink(token);
  if (!resolved) return null;
  const { link } = resolved;
  if (countOpen && linkTransition(link, "open", now).ok && !isbot(meta.userAgent ?? "")) {
    await recordOpen(link, meta, now);
    return toView({ ...link, status: "OPENED", firstOpenedAt: link.firstOpenedAt ?? now }, now);
  }
  return toView(link, now);
}

async function recordOpen(link: LinkRow, meta: RequestMeta, now: Date) {
  const where = { id: link.id, tokenVersion: link.tokenVersion, ...linkActionWhere("open", now) };
  const again = { status: "OPENED", lastOpenedAt: now, openCount: { increment: 1 } };
  // firstOpenedAt is never cleared: a link read as opened can only be opened again, which is
  // one conditional update (atomic on its own) with no transaction to hold.
  if (link.firstOpenedAt) {
    await db.onboardingLink.updateMany({ where, data: again });
    return;
  }
  await db.$transaction(async (tx) => {
    const first = await tx.onboardingLink.updateMany({
      where: { ...where, firstOpenedAt: null },
      data: { status: "OPENED", firstOpenedAt: now, lastOpenedAt: now, openCount: { increment: 1 } },
    });
    if (first.count === 1) {
      await recordEvent(tx, {
        agencyId: link.agencyId,
        actor: { type: "client" },
        type: "link.opened",
        linkId: link.id,
        clientId: link.clientId,
        request: meta,
      });
      await notifyAgency(tx, link, "link-opened");
      return;
    }
    await tx.onboardingLink.updateMany({ where, data: again });
  });
}

export type ClientActionResult =
  | { ok: true; view: LinkPageView }
  | { ok: false; kind: "invalid" }
  | { ok: false; kind: "refused"; message: string; view: LinkPageView }
  | { ok: false; kind: "field"; field: string; message: string };

/**
 * "I've sent the invitation": one conditional update completes the link, in the same
 * transaction as its grants, its event and the agency's emails, so simultaneous clicks produce
 * exactly one completion.
 */
export async function completeLink(
  token: string,
  input: { clientName: string; clientEmail: string; siteIds: string[] },
  meta: RequestMeta,
  now = new Date(),
): Promise<ClientActionResult> {
  if (!verifyToken(token)) return { ok: false, kind: "invalid" }; // a forged token costs no query
  if (input.siteIds.length === 0)
    return { ok: false, kind: "field", field: "siteIds", message: "Tick the site you sent the invitation on" };
  return db.$transaction(async (tx) => {
    const resolved = await resolveLink(token, tx);
    if (!resolved) return { ok: false, kind: "invalid" };
    const { link } = resolved;
    const siteError = siteIdsError(link, input.siteIds);
    if (siteError) return { ok: false, kind: "field", field: "siteIds", message: siteError };
    const updated = await tx.onboardingLink.updateMany({
      where: { id: link.id, tokenVersion: link.tokenVersion, ...linkActionWhere("complete", now) },
      data: { status: "COMPLETED", completedAt: now },
    });
    if (updated.count !== 1) {
      const t = linkTransition(link, "complete", now);
      return { ok: false, kind: "refused", message: t.ok ? "This link has already been completed." : t.reason, view: toView(link, now) };
    }
    const { reviewIntervalDays } = await tx.agency.findUniqueOrThrow({
      where: { id: link.agencyId },
      select: { reviewIntervalDays: true },
    });
    const reviewAt = initialReviewAt(link.accessEndsAt, reviewIntervalDays, now);
    const requested = parseRequestedSites(link.requestedSites);
    const grants = input.siteIds.map((hotjarSiteId) => {
      const site = requested.find((s) => s.hotjarSiteId === hotjarSiteId);
      return {
        agencyId: link.agencyId,
        linkId: link.id,
        clientId: link.clientId,
        hotjarSiteId,
        siteName: site?.name ?? null,
        siteUrl: site?.url ?? null,
        role: link.role,
        granteeEmail: link.granteeEmail,
        grantedByName: input.clientName,
        grantedByEmail: input.clientEmail,
        status: INITIAL_GRANT_STATUS,
        invitedAt: now,
        reviewAt,
      };
    });
    await tx.grant.createMany({ data: grants });
    await recordEvent(tx, {
      agencyId: link.agencyId,
      actor: { type: "client", label: `${input.clientName} <${input.clientEmail}>` },
      type: "link.completed",
      linkId: link.id,
      clientId: link.clientId,
      request: meta,
      details: { sites: input.siteIds, role: link.role },
    });
    await notifyAgency(tx, link, "link-completed");
    // The page after completion, from what was just written (no second read of the link).
    return { ok: true, view: toView({ ...link, status: "COMPLETED", completedAt: now, grants }, now) };
  });
}

export async function declineLink(token: string, reason: string | null, meta: RequestMeta, now = new Date()): Promise<ClientActionResult> {
  if (!verifyToken(token)) return { ok: false, kind: "invalid" };
  return db.$transaction(async (tx) => {
    const resolved = await resolveLink(token, tx);
    if (!resolved) return { ok: false, kind: "invalid" };
    const { link } = resolved;
    const updated = await tx.onboardingLink.updateMany({
      where: { id: link.id, tokenVersion: link.tokenVersion, ...linkActionWhere("decline", now) },
      data: { status: "DECLINED", declinedAt: now, declineReason: reason },
    });
    if (updated.count !== 1) {
      const t = linkTransition(link, "decline", now);
      return { ok: false, kind: "refused", message: t.ok ? "This link can no longer be declined." : t.reason, view: toView(link, now) };
    }
    await recordEvent(tx, {
      agencyId: link.agencyId,
      actor: { type: "client" },
      type: "link.declined",
      linkId: link.id,
      clientId: link.clientId,
      request: meta,
      details: { reason },
    });
    await notifyAgency(tx, link, "link-declined");
    return { ok: true, view: toView({ ...link, status: "DECLINED", declinedAt: now }, now) };
  });
}

/** From an expired page: records the request once; the agency sees it on its dashboard. */
export async function requestNewLink(token: string, meta: RequestMeta, now = new Date()): Promise<ClientActionResult> {
  if (!verifyToken(token)) return { ok: false, kind: "invalid" };
  return db.$transaction(async (tx) => {
    const resolved = await resolveLink(token, tx);
    if (!resolved) return { ok: false, kind: "invalid" };
    const { link } = resolved;
    const t = linkTransition(link, "requestNew", now);
    if (!t.ok) return { ok: false, kind: "refused", message: t.reason, view: toView(link, now) };
    const updated = await tx.onboardingLink.updateMany({
      where: { id: link.id, tokenVersion: link.tokenVersion, ...linkActionWhere("requestNew", now), newLinkRequestedAt: null },
      data: { newLinkRequestedAt: now },
    });
    if (updated.count === 1) {
      await recordEvent(tx, {
        agencyId: link.agencyId,
        actor: { type: "client" },
        type: "link.new_requested",
        linkId: link.id,
        clientId: link.clientId,
        request: meta,
      });
      await notifyAgency(tx, link, "new-link-requested");
    }
    return { ok: true, view: toView({ ...link, newLinkRequestedAt: link.newLinkRequestedAt ?? now }, now) };
  });
}
