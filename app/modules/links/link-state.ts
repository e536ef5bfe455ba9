/**
 * Onboarding-link state machine (DESIGN.md section 3). EXPIRED is derived from expiresAt, never
 * stored, so no job has to flip rows on time. Routes call linkTransition for the answer and
 * linkGuard for the WHERE of the conditional update that applies it, so two simultaneous clicks
 * produce exactly one change and the page can never complete a revoked link.
 */

export const STORED_LINK_STATUSES = ["PENDING", "OPENED", "COMPLETED", "DECLINED", "REVOKED"] as const;
export type StoredLinkStatus = (typeof STORED_LINK_STATUSES)[number];
export type LinkStatus = StoredLinkStatus | "EXPIRED";

/** Every status a filter can offer, in funnel order. */
export const LINK_STATUSES: readonly LinkStatus[] = ["PENDING", "OPENED", "COMPLETED", "DECLINED", "EXPIRED", "REVOKED"];

export type LinkLike = { status: StoredLinkStatus | string; expiresAt: Date };

export type LinkAction = "open" | "complete" | "decline" | "revoke" | "reissue" | "requestNew";

export type LinkTransition = { ok: true; to: StoredLinkStatus } | { ok: false; reason: string };

export type LinkGuard = { from: StoredLinkStatus[]; requireNotExpired: boolean; requireExpired: boolean };

export function isStoredLinkStatus(value: string): value is StoredLinkStatus {
  return (STORED_LINK_STATUSES as readonly string[]).includes(value);
}

/** Open statuses: the only ones that can expire, and the only ones any action starts from. */
export const OPEN_LINK_STATUSES: readonly StoredLinkStatus[] = ["PENDING", "OPENED"];
const OPEN = OPEN_LINK_STATUSES;

/** Whether a link's effective status still lets the client act on it (open and not expired). */
export function isOpenStatus(status: LinkStatus): boolean {
  return (OPEN as readonly string[]).includes(status);
}

/**
 * Expired strictly after expiresAt: a link is still usable at its expiry instant. In a query,
 * "not expired" is therefore `expiresAt >= now` and "expired" is `expiresAt < now` (see
 * linkExpiryFilter).
 */
export function isPastExpiry(expiresAt: Date, now: Date): boolean {
  return now.getTime() > expiresAt.getTime();
}

export function effectiveLinkStatus(link: LinkLike, now: Date): LinkStatus {
  if (!isStoredLinkStatus(link.status)) {
    // A bad row is a bug to surface, not a status to guess.
    throw new Error(`Unknown link status: ${link.status}`);
  }
  if (OPEN.includes(link.status) && isPastExpiry(link.expiresAt, now)) return "EXPIRED";
  return link.status;
}

/** The stored statuses and expiry condition an action requires: the WHERE of its update. */
export function linkGuard(action: LinkAction): LinkGuard {
  switch (action) {
    case "open":
    case "complete":
    case "decline":
      return { from: [...OPEN], requireNotExpired: true, requireExpired: false };
    case "revoke":
    case "reissue":
      return { from: [...OPEN], requireNotExpired: false, requireExpired: false };
    case "requestNew":
      return { from: [...OPEN], requireNotExpired: false, requireExpired: true };
  }
}

/**
 * The expiresAt condition for a conditional update (Prisma filter shape), matching
 * isPastExpiry exactly; undefined when the action does not care about expiry.
 */
export function linkExpiryFilter(action: LinkAction, now: Date): { gte: Date } | { lt: Date } | undefined {
  const guard = linkGuard(action);
  if (guard.requireNotExpired) return { gte: now };
  if (guard.requireExpired) return { lt: now };
  return undefined;
}

/** In a query: the links that are open and not expired (PENDING or OPENED, in their lifetime). */
export function openLinkWhere(now: Date) {
  return { status: { in: [...OPEN] }, expiresAt: { gte: now } };
}

/** In a query: the expired links (stored open, past their expiry; EXPIRED is never stored). */
export function expiredLinkWhere(now: Date) {
  return { status: { in: [...OPEN] }, expiresAt: { lt: now } };
}

/** In a query: the links stored as `status` whose effective status is `status` too (a derived EXPIRED aside). */
export function effectiveStatusWhere(status: LinkStatus, now: Date) {
  if (status === "EXPIRED") return expiredLinkWhere(now);
  return (OPEN as readonly string[]).includes(status) ? { status, expiresAt: { gte: now } } : { status };
}

/** The WHERE of `action`'s conditional update: the statuses it starts from and its expiry condition. */
export function linkActionWhere(action: LinkAction, now: Date) {
  const expiresAt = linkExpiryFilter(action, now);
  return { status: { in: linkGuard(action).from }, ...(expiresAt ? { expiresAt } : {}) };
}

const TARGET: Record<Exclude<LinkAction, "requestNew">, StoredLinkStatus> = {
  open: "OPENED",
  complete: "COMPLETED",
  decline: "DECLINED",
  revoke: "REVOKED",
  reissue: "PENDING", // a fresh lifetime and a version bump: the caller sets both
};

const CLOSED_REASON: Record<Exclude<StoredLinkStatus, "PENDING" | "OPENED">, string> = {
  COMPLETED: "This link has already been completed.",
  DECLINED: "This link has been declined.",
  REVOKED: "This link has been revoked.",
};

/** Implemented through linkGuard, so the pure check and the database condition never disagree. */
export function linkTransition(link: LinkLike, action: LinkAction, now: Date): LinkTransition {
  const status = link.status;
  if (!isStoredLinkStatus(status)) return { ok: false, reason: "This link is in an unknown state." };
  const guard = linkGuard(action);

  if (!guard.from.includes(status)) {
    const reason = isOpenStatus(status) ? "This change is not possible." : CLOSED_REASON[status as keyof typeof CLOSED_REASON];
    return { ok: false, reason };
  }
  const expired = isPastExpiry(link.expiresAt, now);
  if (guard.requireNotExpired && expired) return { ok: false, reason: "This link has expired." };
  if (guard.requireExpired && !expired) {
    return { ok: false, reason: "This link is still valid, so there is no need to ask for a new one." };
  }
  // Asking for a new link only notifies the agency; the link itself stays as it was.
  return { ok: true, to: action === "requestNew" ? status : TARGET[action] };
}
