import { createHmac } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";

import type { PrismaClient } from "@prisma/client";
import type { HeadersArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";

import { db } from "~/modules/db/db.server";
import { getEnv } from "~/modules/env/env.server";
import { type FormFailure, formValues } from "~/modules/http/forms.server";
import { verifyToken } from "~/modules/links/link-url.server";

/**
 * Rate limits kept in the database (table RateLimiterFlexible), so every app instance on the same
 * database shares the counts (docs/decisions/018). A window opens at a key's first attempt and
 * lasts `duration` seconds; the attempt after `points` is refused until the window ends.
 */
export type LimitRule = {
  points: number;
  /** Seconds. */
  duration: number;
  keyPrefix: string;
  /** How the caller's key is normalised before it is hashed. */
  key: "email" | "ip" | "id";
};

export const LIMITS = {
  /** Guessing one account's password. Every attempt counts; a successful login resets it. */
  loginAccount: { points: 10, duration: 15 * 60, keyPrefix: "login-account", key: "email" },
  /** Guessing the password or code on "Confirm it's you" with a stolen session (docs/decisions/048). */
  reauthAccount: { points: 5, duration: 15 * 60, keyPrefix: "reauth-account", key: "id" },
  /** Trying many accounts from one address (credential stuffing). */
  loginIp: { points: 50, duration: 15 * 60, keyPrefix: "login-ip", key: "ip" },
  /** Guessing one account's second factor (login, and changing two-factor sign-in). A right code resets it. */
  twoFactorUser: { points: 5, duration: 15 * 60, keyPrefix: "two-factor-user", key: "id" },
  /** Guessing second factors from one address, across accounts. */
  twoFactorIp: { points: 20, duration: 15 * 60, keyPrefix: "two-factor-ip", key: "ip" },
  /** Creating agencies in bulk, and probing which emails have an account. */
  signupIp: { points: 10, duration: 60 * 60, keyPrefix: "signup-ip", key: "ip" },
  /** "Ask for a new link" on one expired link: each one emails the agency. */
  newLinkRequest: { points: 3, duration: 60 * 60, keyPrefix: "link-new-request", key: "id" },
  /** "I'm not the Hotjar admin" on one link: each one emails someone the agency never chose. */
  linkForward: { points: 3, duration: 60 * 60, keyPrefix: "link-forward", key: "id" },
  /** "Something looks different?" on one link: each one is an event the agency reads. */
  stepsReport: { points: 5, duration: 60 * 60, keyPrefix: "link-steps-report", key: "id" },
  /** "Forgot password" for one address: each one emails it (counted for unknown addresses alike). */
  passwordResetEmail: { points: 3, duration: 60 * 60, keyPrefix: "password-reset-email", key: "email" },
  /** "Forgot password" from one network address, probing many accounts. */
  passwordResetIp: { points: 20, duration: 60 * 60, keyPrefix: "password-reset-ip", key: "ip" },
  /** "Send it again" for one account's verification email. */
  verifyEmailResend: { points: 3, duration: 60 * 60, keyPrefix: "verify-email-resend", key: "id" },
  /** Calls with one API key (docs/decisions/049): a runaway script, not the agency's tools, hits it. */
  apiKey: { points: 300, duration: 60, keyPrefix: "api-key", key: "id" },
  /** Arrivals through intake links from one network address: each one creates a client and a link. */
  intakeIp: { points: 5, duration: 24 * 60 * 60, keyPrefix: "intake-ip", key: "ip" },
} as const satisfies Record<string, LimitRule>;

export type LimitName = keyof typeof LIMITS;
export type Limited = { ok: false; retryAfterSeconds: number };
export type ConsumeResult = { ok: true } | Limited;

export type RateLimits = {
  /** Counts one attempt; refused once the key has used its points in the current window. */
  consume(name: LimitName, key: string): Promise<ConsumeResult>;
  /** Forgets a key's count (a successful login clears its account's failures). */
  reset(name: LimitName, key: string): Promise<void>;
};

/** `RATE_LIMIT_SCALE`: a positive number multiplying every limit's points (load tests); default 1. */
export function parseRateLimitScale(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error("RATE_LIMIT_SCALE must be a positive number");
  return scale;
}

export function scaledPoints(points: number, scale: number): number {
  return Math.max(1, Math.round(points * scale));
}

/** The eight 16-bit groups of a valid IPv6 address (`::` filled in, a trailing dotted IPv4 as two groups). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  if (tail === undefined) return part(head);
  const front = part(head);
  const back = part(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * Whom a per-address limit counts: an IPv4 address as it is; an IPv6 address by its /64, the
 * block one subscriber gets and can rotate through at will (so a full address would let one
 * client bypass every per-IP limit); an IPv4-mapped IPv6 address as its IPv4 address.
 */
export function ipLimitKey(raw: string): string {
  const address = raw
    .trim()
    .replace(/^\[|\]$/g, "")
    .split("%")[0]!;
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address || "unknown";
  const groups = ipv6Groups(address.toLowerCase());
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** The stored key: normalised, then a keyed hash, so the table holds no email or IP address. */
export function storedKey(rule: Pick<LimitRule, "keyPrefix" | "key">, key: string): string {
  const normal = rule.key === "email" ? key.trim().toLowerCase() : rule.key === "ip" ? ipLimitKey(key) : key.trim() || "unknown";
  const secret = getEnv().LINK_SIGNING_KEYS[0]!.secret;
  return createHmac("sha256", secret).update(`rate|${rule.keyPrefix}|${normal}`).digest("base64url").slice(0, 22);
}

/** Whole seconds, at least one: what `Retry-After` says. */
export function retryAfterSeconds(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
}

/**
 * Limiters over one Prisma client. Two app instances are two calls with two clients on the same
 * database; the counts they keep are the same rows.
 */
export function createRateLimits(options: {
  store: PrismaClient;
  scale?: number;
  rules?: Partial<Record<LimitName, LimitRule>>;
}): RateLimits {
  const scale = options.scale ?? 1;
  const rules: Record<LimitName, LimitRule> = { ...LIMITS, ...options.rules };
  const limiters = new Map<LimitName, RateLimiterPrisma>();
  const limiter = (name: LimitName) => {
    let found = limiters.get(name);
    if (!found) {
      const rule = rules[name];
      // The library's own Prisma store, through its public API (docs/decisions/018).
      found = new RateLimiterPrisma({
        storeClient: options.store,
        tableName: "RateLimiterFlexible",
        points: scaledPoints(rule.points, scale),
        duration: rule.duration,
        keyPrefix: rule.keyPrefix,
      });
      limiters.set(name, found);
    }
    return found;
  };
  return {
    async consume(name, key) {
      try {
        await limiter(name).consume(storedKey(rules[name], key));
        return { ok: true };
      } catch (error) {
        // The library refuses with a RateLimiterRes; anything else (the database) is a real error.
        if (error instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: retryAfterSeconds(error.msBeforeNext) };
        throw error;
      }
    },
    async reset(name, key) {
      await limiter(name).delete(storedKey(rules[name], key));
    },
  };
}

let shared: RateLimits | undefined;

/** The app's limits on the shared client; RATE_LIMIT_SCALE is read once, at first use. */
function limits(): RateLimits {
  return (shared ??= createRateLimits({ store: db, scale: getEnv().RATE_LIMIT_SCALE }));
}

/** Tests: rebuild the app's limiters with another scale (the counts in the table stay). */
export function setRateLimitScale(scale: number) {
  shared = createRateLimits({ store: db, scale: parseRateLimitScale(String(scale)) });
}

export function consume(name: LimitName, key: string): Promise<ConsumeResult> {
  return limits().consume(name, key);
}

export function resetLimit(name: LimitName, key: string): Promise<void> {
  return limits().reset(name, key);
}

/** Several limits in order; the first that refuses ends it (later ones are not counted). */
export async function consumeAll(...checks: [LimitName, string][]): Promise<ConsumeResult> {
  for (const [name, key] of checks) {
    const result = await consume(name, key);
    if (!result.ok) return result;
  }
  return { ok: true };
}

/**
 * A check of `email`'s password (the login form, the current password when changing it): every
 * one counts against the address's and the account's login budgets, shared by both forms, before
 * the hash is verified.
 */
export function consumePasswordCheck(request: Request, email: string): Promise<ConsumeResult> {
  return consumeAll(["loginIp", clientIp(request)], ["loginAccount", email]);
}

/** A check of a user's second factor (a TOTP or recovery code): counted per address and per account before it is checked. */
export function consumeSecondFactorCheck(request: Request, userId: string): Promise<ConsumeResult> {
  return consumeAll(["twoFactorIp", clientIp(request)], ["twoFactorUser", userId]);
}

/** The socket's address, or the proxy's X-Forwarded-For with TRUST_PROXY (set by server/app.ts). */
export function clientIp(request: Request): string {
  return request.headers.get("x-portal-client-ip") || "unknown";
}

/**
 * A client action on the link page, counted per link ("Ask for a new link", forwarding, reports).
 * A forged token counts nothing: the action refuses it without a query.
 */
export function consumeLinkAction(name: "newLinkRequest" | "linkForward" | "stepsReport", token: string): Promise<ConsumeResult> {
  const claims = verifyToken(token);
  if (!claims) return Promise.resolve({ ok: true });
  return consume(name, claims.linkId);
}

export function waitMessage(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `try again in ${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export function tooManyAttempts(limited: Limited): string {
  return `Too many attempts, ${waitMessage(limited.retryAfterSeconds)}.`;
}

const retryAfter = (limited: Limited) => ({ "Retry-After": String(limited.retryAfterSeconds) });

/** A refused form post: 429, the form drawn again with what was typed (never the password). */
export function limitedForm(limited: Limited, formData: FormData) {
  const { password: _password, ...values } = formValues(formData);
  return json<FormFailure>(
    { ok: false, fieldErrors: {}, formError: tooManyAttempts(limited), values },
    { status: 429, headers: retryAfter(limited) },
  );
}

/** A refused action whose page shows `formError`. */
export function limitedAction(limited: Limited, formError = tooManyAttempts(limited)) {
  return json({ formError }, { status: 429, headers: retryAfter(limited) });
}

/**
 * A route's `headers` export: a document request only carries headers a route passes on, so a
 * limited action's or loader's Retry-After reaches the browser through this.
 */
export function retryAfterHeaders({ actionHeaders, loaderHeaders, errorHeaders, parentHeaders }: HeadersArgs): Headers {
  const headers = new Headers(parentHeaders);
  const value = actionHeaders.get("Retry-After") ?? loaderHeaders.get("Retry-After") ?? errorHeaders?.get("Retry-After");
  if (value) headers.set("Retry-After", value);
  return headers;
}
