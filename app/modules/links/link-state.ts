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
export const LINK_STATUSES: readonly LinkStatus[] = [
  "PENDING",
  "OPENED",
  "COMPLETED",
  "DECLINED",
  "EXPIRED",
  "REVOKED",
];

export type LinkLike = { status: StoredLinkStatus | string; expiresAt: Date };

export type LinkAction = "open" | "complete" | "decline" | "revoke" | "reissue" | "requestNew";

export type LinkTransition = { ok: true; to: StoredLinkStatus } | { ok: false; reason: string };

export type LinkGuard = { from: StoredLinkStatus[]; requireNotExpired: boolean; requireExpired: boolean };

export function isStoredLinkStatus(value: string): value is StoredLinkStatus {
  return (STORED_LINK_STATUSES as readonly string[]).includes(value);
}

/** Open statuses: the only ones that can expire, and the only ones any action starts from. */
const OPEN: StoredLinkStatus[] = ["PENDING", "OPENED"];

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
    const reason =
      status === "PENDING" || status === "OPENED" ? "This change is not possible." : CLOSED_REASON[status];
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
