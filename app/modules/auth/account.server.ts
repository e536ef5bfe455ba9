import { randomBytes } from "node:crypto";

import type { Prisma } from "@prisma/client";
import type { z } from "zod";

import { eventRow, recordEvent, type RequestMeta } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";

import { PrismaSessionAdapter } from "./lucia-adapter.server";
import { hashPassword, verifyPassword } from "./password.server";
import type { ChangePasswordSchema } from "./schemas";
import { createSession, sessionCookie } from "./sessions.server";

// The signed-in user's own account: password and sessions (docs/decisions/019).

export type AccountUser = { id: string; email: string };

type AccountEventType = "auth.login" | "auth.login_failed" | "auth.password_changed" | "auth.sessions_revoked";

/** Events of a staff account are audit events of every agency it belongs to. */
export async function recordAccountEvent(
  tx: Prisma.TransactionClient,
  user: AccountUser,
  type: AccountEventType,
  options: { agencyIds?: string[]; request?: RequestMeta; details?: Record<string, unknown> } = {},
): Promise<void> {
  const agencyIds =
    options.agencyIds ?? (await tx.membership.findMany({ where: { userId: user.id }, select: { agencyId: true } })).map((m) => m.agencyId);
  for (const agencyId of agencyIds) {
    await recordEvent(tx, {
      agencyId,
      actor: { type: "staff", id: user.id, label: user.email },
      type,
      request: options.request,
      details: options.details,
    });
  }
}

/**
 * `recordAccountEvent` for whichever account has `email`, in one statement that does the same
 * work whether or not one does: an unknown email, or an account in no agency, inserts no row.
 * For the failed login, whose answer must not come sooner for an unknown email (finding 11).
 */
export async function recordAccountEventByEmail(
  tx: Prisma.TransactionClient,
  email: string,
  type: AccountEventType,
  request?: RequestMeta,
  now = new Date(),
): Promise<void> {
  const row = eventRow({ agencyId: "", actor: { type: "staff", id: "", label: email }, type, request });
  // One id per membership: this call's time-ordered prefix, then the membership's id (40
  // characters, the longest an audit cursor takes).
  const prefix = `c${now.getTime().toString(36).padStart(9, "0")}${randomBytes(3).toString("hex").slice(0, 5)}`;
  await tx.$executeRaw`
    INSERT INTO "Event" ("id", "agencyId", "actorType", "actorId", "actorLabel", "type", "ipHash", "userAgent", "details", "createdAt")
    SELECT ${prefix} || m."id", m."agencyId", ${row.actorType}, u."id", u."email", ${row.type}, ${row.ipHash}, ${row.userAgent}, ${row.details}, ${now}
    FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
    WHERE u."email" = ${email}`;
}

/** "Log out other sessions": every session of the user but this one ends; returns how many. */
export async function logOutOtherSessions(user: AccountUser, currentSessionId: string, request?: RequestMeta): Promise<number> {
  return db.$transaction(async (tx) => {
    const ended = await new PrismaSessionAdapter(tx).deleteUserSessionsExcept(user.id, currentSessionId);
    if (ended > 0) {
      await recordAccountEvent(tx, user, "auth.sessions_revoked", { request, details: { sessionsEnded: ended, reason: "log_out_others" } });
    }
    return ended;
  });
}

export type ChangePasswordResult =
  | { ok: true; sessionsEnded: number; sessionId: string; cookie: string }
  | { ok: false; fieldErrors: Partial<Record<"currentPassword" | "newPassword", string[]>> };

/**
 * Changes the password and logs the account out everywhere: every session ends, this browser
 * included, and a fresh session is issued for it. A wrong current password changes nothing.
 */
export async function changePassword(
  user: AccountUser,
  input: z.infer<typeof ChangePasswordSchema>,
  request?: RequestMeta,
): Promise<ChangePasswordResult> {
  const { passwordHash: oldHash } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(oldHash, input.currentPassword))) {
    return { ok: false, fieldErrors: { currentPassword: ["That is not your current password."] } };
  }
  const passwordHash = await hashPassword(input.newPassword);
  const ended = await db.$transaction(async (tx) => {
    // Only over the hash we checked: of two changes at once, the second finds it gone.
    const { count } = await tx.user.updateMany({ where: { id: user.id, passwordHash: oldHash }, data: { passwordHash } });
    if (count === 0) return null;
    const sessionsEnded = await new PrismaSessionAdapter(tx).deleteUserSessionsExcept(user.id);
    const agencyIds = (await tx.membership.findMany({ where: { userId: user.id }, select: { agencyId: true } })).map((m) => m.agencyId);
    await recordAccountEvent(tx, user, "auth.password_changed", { agencyIds, request, details: { sessionsEnded } });
    await recordAccountEvent(tx, user, "auth.sessions_revoked", {
      agencyIds,
      request,
      details: { sessionsEnded, reason: "password_changed" },
    });
    return sessionsEnded;
  });
  if (ended === null) {
    return { ok: false, fieldErrors: { currentPassword: ["Your password was changed a moment ago. Log in with the new one."] } };
  }
  const sessionId = await createSession(user.id, request);
  return { ok: true, sessionsEnded: ended, sessionId, cookie: sessionCookie(sessionId) };
}
