import { redirect } from "@remix-run/node";

import { db } from "~/modules/db/db.server";

import type { SignedIn } from "./auth.server";
import { verifyPassword } from "./password.server";
import { hasTwoFactor, verifySecondFactor } from "./two-factor.server";

// The most sensitive actions (handing over an agency, removing or demoting an Owner, changing
// two-factor sign-in) want a password or code typed within the last few minutes, not just a
// session cookie that may have been left open on a shared computer (docs/decisions/048).

/** How long a fresh password or code counts: 10 minutes. */
export const REAUTH_WINDOW_MS = 10 * 60 * 1000;

/** Signing in is a fresh authentication too: a session started within the window counts. */
export function hasRecentAuth(session: { reauthAt: Date | null; createdAt: Date }, now = new Date()): boolean {
  const last = Math.max(session.createdAt.getTime(), session.reauthAt?.getTime() ?? 0);
  const age = now.getTime() - last;
  return age >= 0 && age < REAUTH_WINDOW_MS;
}

/** The page that asks for the password again, coming back to `path` afterwards. */
export function reauthUrl(path: string): string {
  return `/reauth?redirectTo=${encodeURIComponent(path)}`;
}

/**
 * Goes on when the session authenticated recently; otherwise throws a redirect to /reauth, which
 * comes back to the page that asked (for a POST: the page again, to confirm once more; nothing changed).
 */
export async function requireRecentAuth(request: Request, signedIn: SignedIn): Promise<void> {
  if (hasRecentAuth(signedIn.session)) return;
  const url = new URL(request.url);
  url.searchParams.delete("index");
  throw redirect(reauthUrl(url.pathname + url.search));
}

/** Records a fresh password or code on this session. */
async function markReauthenticated(sessionId: string, now = new Date()): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId }, data: { reauthAt: now } });
}

/** What "Confirm it's you" accepts: the password, or (with two-factor sign-in on) a current code. */
export type Proof = { password: string } | { code: string };

/** Whether the user can confirm with a code from their app instead of the password. */
export async function canConfirmWithCode(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } });
  return user ? hasTwoFactor(user) : false;
}

/**
 * "Confirm it's you": the account's password, or a current code (a recovery code is used up, as
 * at login). Right: the session counts as recently authenticated from `now`.
 */
export async function confirmIdentity(signedIn: SignedIn, proof: Proof, now = new Date()): Promise<boolean> {
  const userId = signedIn.user.id;
  let valid: boolean;
  if ("password" in proof) {
    const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
    valid = user ? await verifyPassword(user.passwordHash, proof.password) : false;
  } else {
    valid = (await verifySecondFactor(userId, proof.code, now)).ok;
  }
  if (valid) await markReauthenticated(signedIn.session.id, now);
  return valid;
}
