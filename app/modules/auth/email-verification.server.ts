import type { Prisma } from "@prisma/client";
import type { z } from "zod";

import { db } from "~/modules/db/db.server";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { AppError } from "~/modules/http/errors";

import { accountEmailAgencyId, checkAccountToken, issueAccountToken, type TokenProblem, useAccountToken } from "./account-token.server";
import { verifyPassword } from "./password.server";
import type { ChangeEmailSchema } from "./schemas";

// Verified email addresses (docs/decisions/046). Until its address is proven, an account may not
// let that address act for the agency: no staff invitations, no email to clients.

export const VERIFY_EMAIL_LIFETIME_MS = 24 * 60 * 60 * 1000;

export const UNVERIFIED_EMAIL_MESSAGE =
  "Verify your email address first: open the link we emailed you (or send it again from the banner at the top).";

/** THE rule: an account whose address was proven by the emailed link. */
export function isEmailVerified(user: { emailVerifiedAt: Date | null }): boolean {
  return user.emailVerifiedAt !== null;
}

/**
 * Refuses (403, nothing written) what would let an unproven address act for the agency. Called
 * inside the action's transaction, before it writes anything.
 */
export async function requireVerifiedEmail(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
  if (!user || !isEmailVerified(user)) throw new AppError(403, UNVERIFIED_EMAIL_MESSAGE);
}

/** What the staff frame's banner needs: the address the link went to, or null when there is nothing to verify. */
export async function pendingVerification(userId: string): Promise<{ email: string } | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, pendingEmail: true, emailVerifiedAt: true } });
  if (!user || isEmailVerified(user)) return null;
  return { email: user.pendingEmail ?? user.email };
}

/**
 * Issues a verification token for `address` (the account's own, or the new one of a change) and
 * queues its email there; any older verification link stops working.
 */
export async function sendVerificationEmail(
  tx: Prisma.TransactionClient,
  user: { id: string },
  address: string,
  now = new Date(),
  agencyId?: string,
): Promise<boolean> {
  const outbox = agencyId ?? (await accountEmailAgencyId(tx, user.id));
  if (!outbox) return false;
  const { id } = await issueAccountToken(
    tx,
    { userId: user.id, purpose: "VERIFY_EMAIL", email: address, lifetimeMs: VERIFY_EMAIL_LIFETIME_MS },
    now,
  );
  await enqueueEmail(tx, { agencyId: outbox, to: address, payload: { template: "verify-email", accountTokenId: id } });
  return true;
}

/** "Send it again": to the pending new address if a change waits, else to the unverified address. */
export async function resendVerification(userId: string, now = new Date()): Promise<string | null> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { id: true, email: true, pendingEmail: true, emailVerifiedAt: true },
    });
    const address = user.pendingEmail ?? (isEmailVerified(user) ? null : user.email);
    if (!address) return null;
    return (await sendVerificationEmail(tx, user, address, now)) ? address : null;
  });
}

export type VerifyResult = { ok: true; email: string; changedFrom: string | null } | { ok: false; problem: TokenProblem | "taken" };

/**
 * Opens a verification link: the account's own address becomes verified; the new address of a
 * change replaces the old one (which is told), unless another account took it meanwhile.
 */
export async function verifyEmail(token: string, now = new Date()): Promise<VerifyResult> {
  const checked = await checkAccountToken(db, token, "VERIFY_EMAIL", now);
  if (!checked.ok) return checked;
  const { row } = checked;
  return db.$transaction(async (tx): Promise<VerifyResult> => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: row.userId } });
    const change = row.email !== user.email;
    // A link to an address the account no longer asks for (a later change replaced it).
    if (change && row.email !== user.pendingEmail) return { ok: false, problem: "superseded" };
    if (change && (await tx.user.findUnique({ where: { email: row.email }, select: { id: true } }))) return { ok: false, problem: "taken" };
    if (!(await useAccountToken(tx, row.id, now))) return { ok: false, problem: "used" };
    if (!change) {
      await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: now } });
      return { ok: true, email: user.email, changedFrom: null };
    }
    await tx.user.update({ where: { id: user.id }, data: { email: row.email, pendingEmail: null, emailVerifiedAt: now } });
    // A reset link sent to the old address no longer works.
    await tx.accountToken.updateMany({
      where: { userId: user.id, purpose: "PASSWORD_RESET", usedAt: null, supersededAt: null },
      data: { supersededAt: now },
    });
    const agencyId = await accountEmailAgencyId(tx, user.id);
    if (agencyId) {
      await enqueueEmail(tx, {
        agencyId,
        to: user.email,
        payload: { template: "email-changed", oldEmail: user.email, newEmail: row.email },
      });
    }
    return { ok: true, email: row.email, changedFrom: user.email };
  });
}

export type ChangeEmailResult =
  { ok: true; pendingEmail: string } | { ok: false; fieldErrors: Partial<Record<"newEmail" | "currentPassword", string[]>> };

/**
 * Asks to use a new address: it is only recorded as pending, and the verification goes to it;
 * the account keeps its address until that link is opened. An address of another account is refused.
 */
export async function requestEmailChange(
  userId: string,
  input: z.infer<typeof ChangeEmailSchema>,
  now = new Date(),
): Promise<ChangeEmailResult> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    return { ok: false, fieldErrors: { currentPassword: ["That is not your current password."] } };
  }
  if (input.newEmail === user.email) return { ok: false, fieldErrors: { newEmail: ["That is already your address."] } };
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.newEmail }, select: { id: true } })) {
      return { ok: false as const, fieldErrors: { newEmail: ["Another account uses that address."] } };
    }
    await tx.user.update({ where: { id: user.id }, data: { pendingEmail: input.newEmail } });
    await sendVerificationEmail(tx, user, input.newEmail, now);
    return { ok: true as const, pendingEmail: input.newEmail };
  });
}

/** The account's address as /account/email shows it. */
export async function emailStatus(userId: string) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, emailVerifiedAt: true, pendingEmail: true },
  });
  return { email: user.email, verified: isEmailVerified(user), verifiedAt: user.emailVerifiedAt, pendingEmail: user.pendingEmail };
}
