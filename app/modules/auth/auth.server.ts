import { redirect } from "@remix-run/node";
import type { User } from "lucia";
import { db } from "~/modules/db/db.server";
import { recordEvent, type RequestMeta } from "~/modules/audit/events.server";
import { createAgencyWithOwner } from "~/modules/agencies/agencies.server";
import { getLucia } from "./lucia.server";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password.server";
import type { z } from "zod";
import type { LoginSchema, SignupSchema } from "./schemas";

export type StaffUser = User;

export async function getUser(request: Request): Promise<StaffUser | null> {
  const lucia = getLucia();
  const sessionId = lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return null;
  const { user } = await lucia.validateSession(sessionId);
  return user;
}

export async function requireUser(request: Request): Promise<StaffUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/** Starts a session and returns the Set-Cookie header value. */
export async function startSession(userId: string): Promise<string> {
  const lucia = getLucia();
  const session = await lucia.createSession(userId, {});
  return lucia.createSessionCookie(session.id).serialize();
}

export async function endSession(request: Request): Promise<string> {
  const lucia = getLucia();
  const sessionId = lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (sessionId) await lucia.invalidateSession(sessionId);
  return lucia.createBlankSessionCookie().serialize();
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
  await db.$transaction(async (tx) => {
    for (const m of user.memberships) {
      await recordEvent(tx, { agencyId: m.agencyId, actor: { type: "staff", id: user.id, label: user.email }, type, request });
    }
  });
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
