// When a staff session stops being valid, as pure functions of its timestamps (docs/decisions/019).

/** A session unused for longer than this is over, whatever its expiry says. */
export const IDLE_TIMEOUT_MS = 12 * 60 * 60 * 1000;

/**
 * `lastSeenAt` is written at most this often per session, so a busy page does not write on every
 * request; a session may therefore end up to this much before the idle timeout of its last use.
 */
export const LAST_SEEN_RESOLUTION_MS = 5 * 60 * 1000;

export type SessionTimes = { expiresAt: Date; lastSeenAt: Date };

/** The instant before which a last use makes a session idle at `now`. */
export function idleCutoff(now: Date): Date {
  return new Date(now.getTime() - IDLE_TIMEOUT_MS);
}

export function isSessionLive(session: SessionTimes, now: Date): boolean {
  return session.expiresAt.getTime() > now.getTime() && session.lastSeenAt.getTime() >= idleCutoff(now).getTime();
}

export function needsTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS;
}
