import { createHash, randomInt } from "node:crypto";

import type { Prisma } from "@prisma/client";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";

import type { RequestMeta } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";

import { type AccountUser, recordAccountEvent } from "./account.server";

// Two-factor sign-in with TOTP (RFC 6238) and single-use recovery codes (docs/decisions/047).

const ISSUER = "Onboarding links";
/** 30-second steps, 6 digits, SHA-1: what every authenticator app reads from a QR code. */
const PERIOD = 30;
/** One step either side: a phone clock a little off, or a code typed as it changed. */
const DRIFT_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
/** 12 characters of a 32-letter alphabet (60 bits): no guessing within the attempt limits, nor offline. */
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const RECOVERY_LENGTH = 12;

export type SecondFactorResult = { ok: true; kind: "totp" | "recovery" } | { ok: false };

/** The product rule: an account uses two-factor sign-in once its set-up was confirmed by a code. */
export function hasTwoFactor(user: { totpEnabledAt: Date | null }): boolean {
  return user.totpEnabledAt !== null;
}

function totpFor(secret: string, label = "") {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/** A six-digit code (spaces allowed, as apps show "123 456"), or null. */
function totpCodeOf(code: string): string | null {
  const digits = code.replace(/\s+/g, "");
  return /^\d{6}$/.test(digits) ? digits : null;
}

/** The time step `code` belongs to for `secret` (within the drift window), or null. */
export function matchingStep(secret: string, code: string, now: Date): number | null {
  const token = totpCodeOf(code);
  if (!token) return null;
  const delta = totpFor(secret).validate({ token, timestamp: now.getTime(), window: DRIFT_WINDOW });
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp: now.getTime() }) + delta;
}

/** Lower case, no spaces or dashes: "ABCD-efgh-2345" and "abcdefgh2345" are the same code. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, "");
}

/** Codes have 60 random bits, so one SHA-256 (salted by the user) is enough; argon2 would make each try ten slow checks. */
export function hashRecoveryCode(userId: string, code: string): string {
  return createHash("sha256")
    .update(`recovery|${userId}|${normalizeRecoveryCode(code)}`)
    .digest("base64url");
}

function newRecoveryCode(): string {
  const chars = Array.from({ length: RECOVERY_LENGTH }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** Replaces the user's recovery codes with fresh ones; returns them in clear, to be shown once. */
async function replaceRecoveryCodes(tx: Prisma.TransactionClient, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(userId, code) })) });
  return codes;
}

/**
 * A second factor for the user: a TOTP code, accepted once per time step (+-1 step of drift), or
 * an unused recovery code, which is then used up. Both updates are conditional, so of two
 * requests with the same code only one succeeds.
 */
export async function verifySecondFactor(
  userId: string,
  code: string,
  now = new Date(),
  request?: RequestMeta,
): Promise<SecondFactorResult> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, totpSecret: true, totpEnabledAt: true },
  });
  if (!user?.totpSecret || !hasTwoFactor(user)) return { ok: false };
  if (totpCodeOf(code)) {
    const step = matchingStep(user.totpSecret, code, now);
    if (step === null) return { ok: false };
    const { count } = await db.user.updateMany({
      where: { id: userId, totpEnabledAt: { not: null }, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count === 1 ? { ok: true, kind: "totp" } : { ok: false };
  }
  if (normalizeRecoveryCode(code).length !== RECOVERY_LENGTH) return { ok: false };
  return db.$transaction(async (tx) => {
    const { count } = await tx.recoveryCode.updateMany({
      where: { userId, codeHash: hashRecoveryCode(userId, code), usedAt: null },
      data: { usedAt: now },
    });
    if (count !== 1) return { ok: false } as const;
    const left = await tx.recoveryCode.count({ where: { userId, usedAt: null } });
    await recordAccountEvent(tx, user, "auth.recovery_code_used", { request, details: { codesLeft: left } });
    return { ok: true, kind: "recovery" } as const;
  });
}

export type TwoFactorSetup = { secret: string; otpauthUri: string; qrSvg: string };

/** The secret in groups of four, as people copy it into an app by hand. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

/** The secret as an authenticator app reads it: the otpauth URI and its QR code (SVG). */
async function setupFor(user: AccountUser, secret: string): Promise<TwoFactorSetup> {
  const otpauthUri = totpFor(secret, user.email).toString();
  const qrSvg = await QRCode.toString(otpauthUri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { secret, otpauthUri, qrSvg };
}

/** The set-up in progress, or null (none started, or 2FA already on). Reads only: the page's GET. */
export async function currentSetup(user: AccountUser): Promise<TwoFactorSetup | null> {
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpSecret: true, totpEnabledAt: true } });
  return row.totpSecret && !hasTwoFactor(row) ? setupFor(user, row.totpSecret) : null;
}

/**
 * Starts the set-up (a POST): a secret made here and kept, not yet in use, until a first code
 * confirms it; an existing one is kept, so a second start does not invalidate a scanned QR code.
 */
export async function pendingSetup(user: AccountUser): Promise<TwoFactorSetup> {
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpSecret: true, totpEnabledAt: true } });
  if (hasTwoFactor(row)) throw new Error("two-factor sign-in is already on");
  let secret = row.totpSecret;
  if (!secret) {
    secret = new Secret({ size: 20 }).base32;
    await db.user.updateMany({ where: { id: user.id, totpEnabledAt: null }, data: { totpSecret: secret } });
  }
  return setupFor(user, secret);
}

export type ChangeResult = { ok: true; recoveryCodes: string[] } | { ok: false; message: string };

const WRONG_CODE = "That code is not right. Type the current code from your app.";

/** Turns two-factor sign-in on with the first code from the app; returns the recovery codes. */
export async function confirmSetup(user: AccountUser, code: string, now = new Date(), request?: RequestMeta): Promise<ChangeResult> {
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpSecret: true, totpEnabledAt: true } });
  if (hasTwoFactor(row)) return { ok: false, message: "Two-factor sign-in is already on." };
  const step = row.totpSecret ? matchingStep(row.totpSecret, code, now) : null;
  if (step === null || !row.totpSecret) return { ok: false, message: WRONG_CODE };
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: user.id, totpEnabledAt: null, totpSecret: row.totpSecret },
      data: { totpEnabledAt: now, totpLastStep: step },
    });
    if (count !== 1) return { ok: false, message: "Two-factor sign-in is already on." };
    const recoveryCodes = await replaceRecoveryCodes(tx, user.id);
    await recordAccountEvent(tx, user, "auth.two_factor_enabled", { request });
    return { ok: true, recoveryCodes };
  });
}

/** New recovery codes (the old ones stop working), after a current code. */
export async function regenerateRecoveryCodes(
  user: AccountUser,
  code: string,
  now = new Date(),
  request?: RequestMeta,
): Promise<ChangeResult> {
  const verified = await verifySecondFactor(user.id, code, now, request);
  if (!verified.ok) return { ok: false, message: WRONG_CODE };
  return db.$transaction(async (tx) => {
    const recoveryCodes = await replaceRecoveryCodes(tx, user.id);
    await recordAccountEvent(tx, user, "auth.recovery_codes_regenerated", { request });
    return { ok: true, recoveryCodes };
  });
}

/** Turns two-factor sign-in off after a current code: the secret and every recovery code go. */
export async function disableTwoFactor(
  user: AccountUser,
  code: string,
  now = new Date(),
  request?: RequestMeta,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const verified = await verifySecondFactor(user.id, code, now, request);
  if (!verified.ok) return { ok: false, message: WRONG_CODE };
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await recordAccountEvent(tx, user, "auth.two_factor_disabled", { request });
  });
  return { ok: true };
}

export type TwoFactorStatus = { enabled: boolean; enabledAt: Date | null; recoveryCodesLeft: number };

export async function twoFactorStatus(userId: string): Promise<TwoFactorStatus> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true } });
  const recoveryCodesLeft = hasTwoFactor(user) ? await db.recoveryCode.count({ where: { userId, usedAt: null } }) : 0;
  return { enabled: hasTwoFactor(user), enabledAt: user.totpEnabledAt, recoveryCodesLeft };
}

/** The user ids among `userIds` with two-factor sign-in on (the team page's column). */
export async function usersWithTwoFactor(userIds: string[]): Promise<Set<string>> {
  const rows = await db.user.findMany({ where: { id: { in: userIds }, totpEnabledAt: { not: null } }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}

/** The user's agencies that require two-factor sign-in of every member (the set-up page names them). */
export async function agenciesRequiringTwoFactor(userId: string): Promise<{ name: string; slug: string }[]> {
  const rows = await db.membership.findMany({
    where: { userId, agency: { requireTwoFactor: true } },
    select: { agency: { select: { name: true, slug: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => r.agency);
}

/** Where a member without two-factor sign-in goes before any page of an agency that requires it. */
export function twoFactorSetupPath(agencySlug: string): string {
  return `/account/two-factor?agency=${encodeURIComponent(agencySlug)}`;
}
