import type { Prisma } from "@prisma/client";
import type { z } from "zod";

import { recordEvent, type RequestMeta } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";

import { supersedeAccountTokens } from "./account-token.server";
import { PrismaSessionAdapter } from "./lucia-adapter.server";
import { hashPassword, verifyPassword } from "./password.server";
import type { ChangePasswordSchema } from "./schemas";
import { createSession, sessionCookie } from "./sessions.server";

// The signed-in user's own account: password and sessions (docs/decisions/019).

export type AccountUser = { id: string; email: string };

type AccountEventType =
  | "auth.login"
  | "auth.password_changed"
  | "auth.sessions_revoked"
  | "auth.two_factor_enabled"
  | "auth.two_factor_disabled"
  | "auth.recovery_codes_regenerated"
  | "auth.recovery_code_used";

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
    // A reset link asked for before the change would undo it: someone who knew the old password may hold one.
    await supersedeAccountTokens(tx, user.id, "PASSWORD_RESET");
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
