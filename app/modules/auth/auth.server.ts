import { redirect } from "@remix-run/node";
import type { User } from "lucia";
import { db } from "~/modules/db/db.server";
import { recordEvent, requestMeta, type RequestMeta } from "~/modules/audit/events.server";
import { createAgencyWithOwner } from "~/modules/agencies/agencies.server";
import { recordAccountEvent } from "./account.server";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password.server";
import {
  blankSessionCookie, deleteSession, rotateSession, sessionCookie, sessionIdFrom, validateSession, type StaffSession,
} from "./sessions.server";
import type { z } from "zod";
import type { LoginSchema, SignupSchema } from "./schemas";

export type StaffUser = User;
export type SignedIn = { user: StaffUser; session: StaffSession };

/** The signed-in user and their session, or null (no cookie, or a session that has ended). */
export async function getSession(request: Request): Promise<SignedIn | null> {
  const sessionId = sessionIdFrom(request);
  return sessionId ? validateSession(sessionId) : null;
}

export async function getUser(request: Request): Promise<StaffUser | null> {
  return (await getSession(request))?.user ?? null;
}

/** Signed in, or off to the login page (clearing a cookie whose session has ended). */
export async function requireSession(request: Request): Promise<SignedIn> {
  const signedIn = await getSession(request);
  if (!signedIn) {
    const url = new URL(request.url);
    const headers: HeadersInit = sessionIdFrom(request) ? { "Set-Cookie": blankSessionCookie() } : {};
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`, { headers });
  }
  return signedIn;
}

export async function requireUser(request: Request): Promise<StaffUser> {
  return (await requireSession(request)).user;
}

/**
 * Starts a session and returns the Set-Cookie header value. Given the request, the session its
 * cookie names ends first (no session id survives a sign-in) and the new one records the
 * browser's user agent and hashed IP.
 */
export async function startSession(userId: string, request?: Request): Promise<string> {
  const sessionId = await rotateSession(userId, request ? sessionIdFrom(request) : null, request ? requestMeta(request) : {});
  return sessionCookie(sessionId);
}

export async function endSession(request: Request): Promise<string> {
  const sessionId = sessionIdFrom(request);
  if (sessionId) await deleteSession(sessionId);
  return blankSessionCookie();
}

export type SignupResult = { ok: true; userId: string; agencySlug: string } | { ok: false; field: "email"; message: string };

export async function signUp(input: z.infer<typeof SignupSchema>): Promise<SignupResult> {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) return { ok: false, field: "email", message: "An account with this email already exists. Log in instead." };
  const passwordHash = await hashPassword(input.password);
  const { user, agency } = await db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash } });
    const agency = await createAgencyWithOwner(tx, {
      name: input.agencyName,
      ownerId: user.id,
      granteeEmail: input.granteeEmail || input.email,
    });
    await recordEvent(tx, { agencyId: agency.id, actor: { type: "staff", id: user.id, label: user.email }, type: "agency.created" });
    return { user, agency };
  });
  return { ok: true, userId: user.id, agencySlug: agency.slug };
}

export type LoginResult = { ok: true; userId: string; agencySlug: string | null } | { ok: false };

/** Logins and failed logins are audit events of every agency the account belongs to. */
async function recordLoginEvent(user: { id: string; email: string; memberships: { agencyId: string }[] }, type: "auth.login" | "auth.login_failed", request?: RequestMeta) {
  if (user.memberships.length === 0) return;
  await db.$transaction((tx) => recordAccountEvent(tx, user, type, { agencyIds: user.memberships.map((m) => m.agencyId), request }));
}

/** One generic failure for unknown email and wrong password alike. */
export async function logIn(input: z.infer<typeof LoginSchema>, request?: RequestMeta): Promise<LoginResult> {
  const user = await db.user.findUnique({
    where: { email: input.email },
    include: { memberships: { include: { agency: { select: { slug: true } } }, orderBy: { createdAt: "asc" } } },
  });
  if (!user) {
    await burnPasswordCheck(input.password);
    return { ok: false };
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await recordLoginEvent(user, "auth.login_failed", request);
    return { ok: false };
  }
  await recordLoginEvent(user, "auth.login", request);
  return { ok: true, userId: user.id, agencySlug: user.memberships[0]?.agency.slug ?? null };
}
