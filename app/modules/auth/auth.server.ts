import { redirect } from "@remix-run/node";
import type { User } from "lucia";
import type { z } from "zod";

import { createAgencyWithOwner } from "~/modules/agencies/create-agency.server";
import { recordEvent, type RequestMeta, requestMeta } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";

import { recordAccountEvent } from "./account.server";
import { sendVerificationEmail } from "./email-verification.server";
import { recordFailedLogin } from "./failed-logins.server";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password.server";
import type { LoginSchema, SignupSchema } from "./schemas";
import {
  blankSessionCookie,
  deleteSession,
  rotateSession,
  sessionCookie,
  sessionIdFrom,
  type StaffSession,
  validateSession,
} from "./sessions.server";
import { hasTwoFactor } from "./two-factor.server";

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
export async function startSession(userId: string, request?: Request, options: { twoFactorAt?: Date } = {}): Promise<string> {
  const sessionId = await rotateSession(userId, request ? sessionIdFrom(request) : null, request ? requestMeta(request) : {});
  // A session that passed two-factor sign-in says when (docs/decisions/047).
  if (options.twoFactorAt) await db.session.update({ where: { id: sessionId }, data: { twoFactorAt: options.twoFactorAt } });
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
    // The address is proven by the emailed link (docs/decisions/046).
    await sendVerificationEmail(tx, user, user.email, new Date(), agency.id);
    return { user, agency };
  });
  return { ok: true, userId: user.id, agencySlug: agency.slug };
}

export type LoginResult = { ok: true; userId: string; agencySlug: string | null; twoFactor: boolean } | { ok: false };

/**
 * One generic failure for unknown email and wrong password alike, after the same work: one read
 * of the account, one password hash verified, and `recordFailedLogin`. With two-factor sign-in on,
 * a right password is only the first step: `twoFactor` is true and the login is recorded after
 * the second factor.
 */
export async function logIn(input: z.infer<typeof LoginSchema>, request?: RequestMeta): Promise<LoginResult> {
  const user = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true, email: true, passwordHash: true, totpEnabledAt: true },
  });
  const valid = user ? await verifyPassword(user.passwordHash, input.password) : await burnPasswordCheck(input.password);
  if (!user || !valid) {
    await recordFailedLogin(input.email, request);
    return { ok: false };
  }
  const twoFactor = hasTwoFactor(user);
  const agencySlug = await recordLogin(user.id, request, twoFactor ? null : {});
  return { ok: true, userId: user.id, agencySlug, twoFactor };
}

/** The "logged in" audit event (unless `details` is null); returns the user's first agency's slug. */
export async function recordLogin(
  userId: string,
  request?: RequestMeta,
  details: Record<string, unknown> | null = {},
): Promise<string | null> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true } });
  const memberships = await db.membership.findMany({
    where: { userId },
    select: { agencyId: true, agency: { select: { slug: true } } },
    orderBy: { createdAt: "asc" },
  });
  if (details && memberships.length > 0) {
    await db.$transaction((tx) =>
      recordAccountEvent(tx, user, "auth.login", {
        agencyIds: memberships.map((m) => m.agencyId),
        request,
        details: Object.keys(details).length > 0 ? details : undefined,
      }),
    );
  }
  return memberships[0]?.agency.slug ?? null;
}
