import { randomBytes } from "node:crypto";

import type { Prisma } from "@prisma/client";

import { getEnv } from "~/modules/env/env.server";
import { floorToSecond, signLinkToken, verifyLinkToken } from "~/modules/links/token.server";
import { tokenHash } from "~/modules/team/invitation-token.server";

// Emailed single-use credentials of an account (docs/decisions/046): a password reset and an
// address to verify. The token is the link token (row id, expiry, key id, HMAC) signed with its
// own purpose, so a reset token never verifies an address, nor the reverse, nor as an invitation
// or an onboarding link. It is never stored: the row keeps its hash, and the email is rendered
// at send time by signing the row again (the signature is deterministic).

export const ACCOUNT_TOKEN_PURPOSES = { PASSWORD_RESET: "password-reset", VERIFY_EMAIL: "verify-email" } as const;
export type AccountTokenPurpose = keyof typeof ACCOUNT_TOKEN_PURPOSES;

type TokenRow = { id: string; purpose: string; expiresAt: Date };
export type AccountTokenRow = Prisma.AccountTokenGetPayload<{ include: { user: true } }>;

/** Why a token cannot be used: each has its own sentence on the page. */
export type TokenProblem = "invalid" | "used" | "superseded" | "expired";
export type CheckedToken = { ok: true; row: AccountTokenRow } | { ok: false; problem: TokenProblem };

function purposeOf(purpose: string): AccountTokenPurpose {
  if (purpose !== "PASSWORD_RESET" && purpose !== "VERIFY_EMAIL") throw new Error("unknown account token purpose");
  return purpose;
}

/** The token of a row, as its email carries it. */
export function accountToken(row: TokenRow): string {
  return signLinkToken(
    getEnv().LINK_SIGNING_KEYS,
    { linkId: row.id, version: 0, expiresAt: row.expiresAt },
    ACCOUNT_TOKEN_PURPOSES[purposeOf(row.purpose)],
  );
}

/** Every unused token of `purpose` stops working: a newer one was sent, or the password changed meanwhile. */
export async function supersedeAccountTokens(
  tx: Prisma.TransactionClient,
  userId: string,
  purpose: AccountTokenPurpose,
  now = new Date(),
): Promise<void> {
  await tx.accountToken.updateMany({ where: { userId, purpose, usedAt: null, supersededAt: null }, data: { supersededAt: now } });
}

/**
 * A new token of `purpose` for the user, valid `lifetimeMs`: every older one of the same purpose
 * still unused is superseded (only the newest email works).
 */
export async function issueAccountToken(
  tx: Prisma.TransactionClient,
  input: { userId: string; purpose: AccountTokenPurpose; email: string; lifetimeMs: number },
  now = new Date(),
): Promise<{ id: string; token: string }> {
  await supersedeAccountTokens(tx, input.userId, input.purpose, now);
  // The id is signed into the token, so it is chosen before the row is written.
  const row = {
    id: randomBytes(16).toString("hex"),
    purpose: input.purpose,
    expiresAt: floorToSecond(new Date(now.getTime() + input.lifetimeMs)),
  };
  const token = accountToken(row);
  await tx.accountToken.create({ data: { ...row, userId: input.userId, email: input.email, tokenHash: tokenHash(token) } });
  return { id: row.id, token };
}

/**
 * What a token from a URL is worth for `purpose`: a forged, mangled or other-purpose token is
 * "invalid" without a query; a genuine one says whether it was used, superseded or expired.
 */
export async function checkAccountToken(
  db: Prisma.TransactionClient,
  token: string,
  purpose: AccountTokenPurpose,
  now = new Date(),
): Promise<CheckedToken> {
  const claims = verifyLinkToken(getEnv().LINK_SIGNING_KEYS, token, ACCOUNT_TOKEN_PURPOSES[purpose]);
  if (!claims) return { ok: false, problem: "invalid" };
  const row = await db.accountToken.findUnique({ where: { tokenHash: tokenHash(token) }, include: { user: true } });
  if (!row || row.id !== claims.linkId || row.purpose !== purpose) return { ok: false, problem: "invalid" };
  if (row.usedAt) return { ok: false, problem: "used" };
  // A reset link to an address the account no longer uses counts as replaced.
  if (row.supersededAt || (purpose === "PASSWORD_RESET" && row.email !== row.user.email)) return { ok: false, problem: "superseded" };
  if (row.expiresAt.getTime() < now.getTime()) return { ok: false, problem: "expired" };
  return { ok: true, row };
}

/** Marks the token used, once: false when another request used (or superseded) it first. */
export async function useAccountToken(tx: Prisma.TransactionClient, id: string, now = new Date()): Promise<boolean> {
  const { count } = await tx.accountToken.updateMany({ where: { id, usedAt: null, supersededAt: null }, data: { usedAt: now } });
  return count === 1;
}

/** A row's token if it may still be emailed (unused, not superseded, not expired), else null. */
export async function sendableAccountToken(db: Prisma.TransactionClient, id: string, now: Date) {
  const row = await db.accountToken.findUnique({
    where: { id },
    include: { user: { select: { name: true, email: true, emailVerifiedAt: true } } },
  });
  if (!row || row.usedAt || row.supersededAt || row.expiresAt.getTime() < now.getTime()) return null;
  return { row, token: accountToken(row) };
}

/**
 * The agency whose outbox carries an account's own email (the outbox, and the local Mailbox, are
 * per agency): the first the account joined. Null for an account in no agency: nothing is sent.
 */
export async function accountEmailAgencyId(tx: Prisma.TransactionClient, userId: string): Promise<string | null> {
  const membership = await tx.membership.findFirst({ where: { userId }, orderBy: { createdAt: "asc" }, select: { agencyId: true } });
  return membership?.agencyId ?? null;
}
