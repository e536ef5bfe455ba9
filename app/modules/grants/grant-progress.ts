import { plural } from "~/modules/audit/event-words";

import { effectiveGrantStatus, type GrantLike } from "./grant-state";

/**
 * How far a link's access has come: of the sites the client says it invited us to (its grants
 * that are not revoked), how many the agency has verified. The statuses are grant-state's
 * (effectiveGrantStatus); this only counts them, so a list can say "1 of 2 sites verified"
 * instead of a bare green "Completed".
 */
export type GrantProgress = { verified: number; waiting: number; revoked: number; total: number };

export function grantProgress(grants: GrantLike[], now: Date): GrantProgress {
  const progress: GrantProgress = { verified: 0, waiting: 0, revoked: 0, total: 0 };
  for (const grant of grants) {
    const status = effectiveGrantStatus(grant, now);
    if (status === "REVOKED") {
      progress.revoked += 1;
      continue;
    }
    progress.total += 1;
    if (status === "ACTIVE") progress.verified += 1;
    else progress.waiting += 1;
  }
  return progress;
}

/** "1 of 2 sites verified", "1 site verified", "access revoked"; null when there is no grant. */
export function grantProgressWords(p: GrantProgress): string | null {
  if (p.total === 0) return p.revoked > 0 ? "access revoked" : null;
  const head = p.verified === p.total && p.total === 1 ? "1 site verified" : `${p.verified} of ${plural(p.total, "site")} verified`;
  return p.revoked > 0 ? `${head}, ${p.revoked} revoked` : head;
}
