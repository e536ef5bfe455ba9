import { Cookie, type User } from "lucia";

import { hashIp, type RequestMeta } from "~/modules/audit/events.server";

import { getLucia, getSessionStore, type SessionAttributes } from "./lucia.server";
import { placeFromIp } from "./place.server";
import { idleCutoff, isSessionLive, needsTouch } from "./session-policy";

// Staff sessions: a database row per sign-in, only its id in the cookie (docs/decisions/005, 019).

export type StaffSession = SessionAttributes & { id: string; userId: string; expiresAt: Date };

/** The session id the request's cookie carries, valid or not. */
export function sessionIdFrom(request: Request): string | null {
  return getLucia().readSessionCookie(request.headers.get("Cookie") ?? "");
}

/**
 * The user and session behind a session id, or null. A session past its lifetime or idle for
 * longer than IDLE_TIMEOUT_MS is deleted; a live one has its last use recorded, at most once per
 * LAST_SEEN_RESOLUTION_MS. Sessions are never extended, so the cookie never needs re-sending.
 */
export async function validateSession(sessionId: string, now = new Date()): Promise<{ user: User; session: StaffSession } | null> {
  const store = getSessionStore();
  const [row, user] = await store.getSessionAndUser(sessionId);
  if (!row || !user) return null;
  const session: StaffSession = { id: row.id, userId: row.userId, expiresAt: row.expiresAt, ...row.attributes };
  if (!isSessionLive(session, now)) {
    await store.deleteSession(session.id);
    return null;
  }
  if (needsTouch(session.lastSeenAt, now)) {
    await store.touchSession(session.id, now);
    session.lastSeenAt = now;
  }
  return { user: { id: user.id, ...user.attributes }, session };
}

/**
 * A new session for the user, remembering where it was opened from (browser, hashed IP, rough
 * place); returns its id. Signing in is itself a fresh authentication (reauth.server.ts).
 */
export async function createSession(userId: string, meta: RequestMeta = {}): Promise<string> {
  const now = new Date();
  const session = await getLucia().createSession(userId, {
    createdAt: now,
    lastSeenAt: now,
    userAgent: meta.userAgent?.slice(0, 300) || null,
    ipHash: meta.ip ? hashIp(meta.ip) : null,
    place: placeFromIp(meta.ip),
    twoFactorAt: null,
    reauthAt: null,
  });
  return session.id;
}

/**
 * Signs the user in with a fresh session id: a session the browser already presented (perhaps one
 * planted by an attacker, perhaps another account's) ends first, so no id survives a sign-in.
 * The user's dead sessions are cleared on the way.
 */
export async function rotateSession(userId: string, presentedSessionId: string | null, meta: RequestMeta = {}): Promise<string> {
  const store = getSessionStore();
  if (presentedSessionId) await store.deleteSession(presentedSessionId);
  const now = new Date();
  await store.deleteDeadSessions(now, idleCutoff(now), userId);
  return createSession(userId, meta);
}

export async function deleteSession(sessionId: string): Promise<void> {
  await getSessionStore().deleteSession(sessionId);
}

/** Set-Cookie for a session id. No Max-Age: a browser-session cookie; the server decides expiry. */
export function sessionCookie(sessionId: string): string {
  const cookie = getLucia().createSessionCookie(sessionId);
  return new Cookie(cookie.name, cookie.value, { ...cookie.attributes, maxAge: undefined }).serialize();
}

export function blankSessionCookie(): string {
  return getLucia().createBlankSessionCookie().serialize();
}

export type SessionListItem = {
  current: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  place: string | null;
  twoFactor: boolean;
};

/** The user's live sessions, this one first, then the most recently used. No ids: they are secrets. */
export async function listSessions(userId: string, currentSessionId: string, now = new Date()): Promise<SessionListItem[]> {
  const rows = await getSessionStore().getUserSessions(userId);
  return rows
    .filter((r) => isSessionLive({ expiresAt: r.expiresAt, lastSeenAt: r.attributes.lastSeenAt }, now))
    .map((r) => ({
      current: r.id === currentSessionId,
      createdAt: r.attributes.createdAt,
      lastSeenAt: r.attributes.lastSeenAt,
      userAgent: r.attributes.userAgent,
      place: r.attributes.place,
      twoFactor: r.attributes.twoFactorAt !== null,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
}

/** Ends every session of the user but `keepSessionId`; returns how many ended. */
export function endOtherSessions(userId: string, keepSessionId: string): Promise<number> {
  return getSessionStore().deleteUserSessionsExcept(userId, keepSessionId);
}

/** Housekeeping for a periodic job: deletes every expired or idle session. */
export function purgeDeadSessions(now = new Date()): Promise<number> {
  return getSessionStore().deleteDeadSessions(now, idleCutoff(now));
}
