import type { z } from "zod";

import { hashIp, type RequestMeta } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";
import { emailRow } from "~/modules/email/outbox.server";

import { recordAccountEvent } from "./account.server";
import { accountEmailAgencyId, checkAccountToken, issueAccountToken, type TokenProblem, useAccountToken } from "./account-token.server";
import { PrismaSessionAdapter } from "./lucia-adapter.server";
import { hashPassword } from "./password.server";
import type { ResetPasswordSchema } from "./schemas";

// "Forgot password" (docs/decisions/046). The form writes one row whatever the address, so a
// known address's answer takes as long as an unknown one's; the worker looks the address up a
// cycle later and, for an account, issues the token and queues the email.

export const PASSWORD_RESET_LIFETIME_MS = 60 * 60 * 1000;
const KEEP_HANDLED_MS = 24 * 60 * 60 * 1000;
/** How many requests one worker cycle handles in one transaction. */
const BATCH = 100;

/** One request: a single insert, with no read of who has the address. */
export async function requestPasswordReset(email: string, request?: RequestMeta): Promise<void> {
  await db.passwordResetRequest.create({ data: { email, ipHash: request?.ip ? hashIp(request.ip) : null } });
}

/**
 * Handles waiting requests: for an address with an account, a new reset token (older ones
 * superseded) and its email; for an unknown one, nothing. Returns how many it handled.
 */
export async function processPasswordResetRequests(now = new Date(), batch = BATCH): Promise<number> {
  // Handled requests are kept a day (for a look at abuse), then forgotten: unknown addresses too.
  await db.passwordResetRequest.deleteMany({ where: { processedAt: { lt: new Date(now.getTime() - KEEP_HANDLED_MS) } } });
  return db.$transaction(async (tx) => {
    const requests = await tx.passwordResetRequest.findMany({
      where: { processedAt: null },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: batch,
    });
    if (requests.length === 0) return 0;
    for (const request of requests) {
      const user = await tx.user.findUnique({ where: { email: request.email }, select: { id: true, email: true } });
      const agencyId = user ? await accountEmailAgencyId(tx, user.id) : null;
      if (user && agencyId) {
        const { id } = await issueAccountToken(
          tx,
          { userId: user.id, purpose: "PASSWORD_RESET", email: user.email, lifetimeMs: PASSWORD_RESET_LIFETIME_MS },
          now,
        );
        // Due at the cycle's own time, so this cycle delivers it.
        const job = { agencyId, to: user.email, payload: { template: "password-reset" as const, accountTokenId: id } };
        await tx.outboundEmail.create({ data: { ...emailRow(job), nextAttemptAt: now } });
      }
    }
    await tx.passwordResetRequest.updateMany({ where: { id: { in: requests.map((r) => r.id) } }, data: { processedAt: now } });
    return requests.length;
  });
}

/** Whether a reset link may be used (the page shows the form, or says what is wrong with it). */
export async function checkResetToken(
  token: string,
  now = new Date(),
): Promise<{ ok: true; email: string } | { ok: false; problem: TokenProblem }> {
  const checked = await checkAccountToken(db, token, "PASSWORD_RESET", now);
  return checked.ok ? { ok: true, email: checked.row.user.email } : checked;
}

export type ResetResult = { ok: true; email: string; sessionsEnded: number } | { ok: false; problem: TokenProblem };

/**
 * Sets the new password with a valid reset token: the token is used, every other reset token of
 * the account superseded, EVERY session ends, and it is an audit event. The link proved the
 * address too, so an unverified address becomes verified.
 */
export async function resetPassword(
  token: string,
  input: z.infer<typeof ResetPasswordSchema>,
  request?: RequestMeta,
  now = new Date(),
): Promise<ResetResult> {
  const checked = await checkAccountToken(db, token, "PASSWORD_RESET", now);
  if (!checked.ok) return checked;
  const { row } = checked;
  const passwordHash = await hashPassword(input.newPassword);
  return db.$transaction(async (tx) => {
    if (!(await useAccountToken(tx, row.id, now))) return { ok: false as const, problem: "used" as const };
    await tx.accountToken.updateMany({
      where: { userId: row.userId, purpose: "PASSWORD_RESET", usedAt: null, supersededAt: null },
      data: { supersededAt: now },
    });
    const user = await tx.user.update({
      where: { id: row.userId },
      data: {
        passwordHash,
        passwordChangedAt: now,
        ...(row.user.emailVerifiedAt === null && row.email === row.user.email ? { emailVerifiedAt: now } : {}),
      },
      select: { id: true, email: true },
    });
    const sessionsEnded = await new PrismaSessionAdapter(tx).deleteUserSessionsExcept(user.id);
    await recordAccountEvent(tx, user, "auth.password_changed", { request, details: { sessionsEnded, reason: "password_reset" } });
    return { ok: true as const, email: user.email, sessionsEnded };
  });
}
