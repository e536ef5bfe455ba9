import { addDays, addHours, isAfter } from "date-fns";

import { HOTJAR_INVITATION_LIFETIME_DAYS } from "../platforms/hotjar";

/**
 * Grant state machine (DESIGN.md section 3). INVITED means the client says the Hotjar invitation
 * was sent; ACTIVE means the agency checked it can see the site. INVITE_EXPIRED is derived, never
 * stored: Hotjar drops an unaccepted invitation after its lifetime, and the row stays INVITED.
 * Routes call grantTransition and never set a status by hand.
 */

export const STORED_GRANT_STATUSES = ["INVITED", "ACTIVE", "REVOKED"] as const;
export type StoredGrantStatus = (typeof STORED_GRANT_STATUSES)[number];
export type GrantStatus = StoredGrantStatus | "INVITE_EXPIRED";

/** Every status a filter can offer, in funnel order. */
export const GRANT_STATUSES: readonly GrantStatus[] = ["INVITED", "INVITE_EXPIRED", "ACTIVE", "REVOKED"];

export type GrantLike = { status: StoredGrantStatus | string; invitedAt: Date };

export type GrantAction = "verify" | "revoke";

export type GrantTransition = { ok: true; to: StoredGrantStatus } | { ok: false; reason: string };

/** What a grant starts as when the client confirms the invitation was sent. */
export const INITIAL_GRANT_STATUS: StoredGrantStatus = "INVITED";

/** When a new grant is due for review: the link's access end date when set, else the agency's interval. */
export function initialReviewAt(accessEndsAt: Date | null, reviewIntervalDays: number, now: Date): Date {
  return accessEndsAt ?? addDays(now, reviewIntervalDays);
}

export function isStoredGrantStatus(value: string): value is StoredGrantStatus {
  return (STORED_GRANT_STATUSES as readonly string[]).includes(value);
}

/**
 * When Hotjar drops the invitation. Counted in hours, not calendar days, so the answer does not
 * depend on the server's time zone or a daylight-saving change.
 */
export function grantInviteExpiresAt(grant: Pick<GrantLike, "invitedAt">): Date {
  return addHours(grant.invitedAt, HOTJAR_INVITATION_LIFETIME_DAYS * 24);
}

/** INVITED for longer than Hotjar's invitation lifetime reads as INVITE_EXPIRED. */
export function effectiveGrantStatus(grant: GrantLike, now: Date): GrantStatus {
  if (!isStoredGrantStatus(grant.status)) {
    // A bad row is a bug to surface, not a status to guess.
    throw new Error(`Unknown grant status: ${grant.status}`);
  }
  if (grant.status === "INVITED" && isAfter(now, grantInviteExpiresAt(grant))) return "INVITE_EXPIRED";
  return grant.status;
}

/** effectiveGrantStatus as a where clause: the grants that read as `status` at `now`. */
export function grantStatusWhere(status: GrantStatus, now: Date): { status: StoredGrantStatus; invitedAt?: { lt: Date } | { gte: Date } } {
  // Expired means grantInviteExpiresAt(grant) < now, i.e. invited before now minus the invitation's life.
  const lifetimeMs = grantInviteExpiresAt({ invitedAt: now }).getTime() - now.getTime();
  const invitedBefore = new Date(now.getTime() - lifetimeMs);
  if (status === "INVITE_EXPIRED") return { status: "INVITED", invitedAt: { lt: invitedBefore } };
  if (status === "INVITED") return { status: "INVITED", invitedAt: { gte: invitedBefore } };
  return { status };
}

const TARGET: Record<GrantAction, StoredGrantStatus> = { verify: "ACTIVE", revoke: "REVOKED" };

/**
 * The stored statuses an action may start from: use it as the WHERE of a conditional update
 * (`status IN from`), so two concurrent requests cannot both apply. INVITE_EXPIRED is stored as
 * INVITED, so it needs no extra condition.
 */
export function grantGuard(action: GrantAction): { from: StoredGrantStatus[] } {
  switch (action) {
    case "verify":
      return { from: ["INVITED"] };
    case "revoke":
      return { from: ["INVITED", "ACTIVE"] };
  }
}

function refusal(action: GrantAction, status: StoredGrantStatus): string {
  if (status === "REVOKED") {
    return action === "revoke" ? "This access has already been revoked." : "This access has been revoked.";
  }
  if (status === "ACTIVE" && action === "verify") return "This access has already been verified.";
  return "This change is not possible.";
}

/**
 * Implemented through grantGuard, so the pure check and the database condition never disagree.
 * `now` is taken for symmetry with linkTransition: no grant rule depends on time today
 * (an expired invitation can still be verified once the client resends it).
 */
export function grantTransition(grant: GrantLike, action: GrantAction, _now: Date): GrantTransition {
  if (!isStoredGrantStatus(grant.status)) return { ok: false, reason: "This access is in an unknown state." };
  if (!grantGuard(action).from.includes(grant.status)) {
    return { ok: false, reason: refusal(action, grant.status) };
  }
  return { ok: true, to: TARGET[action] };
}
