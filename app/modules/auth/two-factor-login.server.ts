import { createHmac } from "node:crypto";

import { createCookie } from "@remix-run/node";
import { z } from "zod";

import { getEnv } from "~/modules/env/env.server";

// Between the password and the second factor there is no session: only this signed, httpOnly
// cookie naming the user, for 10 minutes (docs/decisions/047). It proves the password, nothing more.

export const PENDING_LOGIN_MS = 10 * 60 * 1000;

const PendingSchema = z.object({ userId: z.string().min(1), expiresAt: z.number().int() });
export type PendingLogin = z.infer<typeof PendingSchema>;

let cookie: ReturnType<typeof createCookie> | undefined;

function pendingCookie() {
  const env = getEnv();
  // Its own key: a flash or any other signed value is never a pending login.
  const secret = createHmac("sha256", env.LINK_SIGNING_KEYS[0]!.secret).update("two-factor-pending").digest("base64url");
  return (cookie ??= createCookie("portal_2fa_pending", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env.PUBLIC_URL.startsWith("https://"),
    secrets: [secret],
    maxAge: PENDING_LOGIN_MS / 1000,
  }));
}

/** Set-Cookie after a right password on an account with two-factor sign-in. */
export function pendingLoginCookie(userId: string, now = new Date()): Promise<string> {
  return pendingCookie().serialize({ userId, expiresAt: now.getTime() + PENDING_LOGIN_MS } satisfies PendingLogin);
}

/** The user whose password this browser gave in the last 10 minutes, or null. The expiry is signed with it. */
export async function pendingLogin(request: Request, now = new Date()): Promise<PendingLogin | null> {
  const raw = request.headers.get("Cookie");
  if (!raw?.includes("portal_2fa_pending=")) return null;
  const parsed = PendingSchema.safeParse(await pendingCookie().parse(raw));
  if (!parsed.success || parsed.data.expiresAt <= now.getTime()) return null;
  return parsed.data;
}

export function clearPendingLoginCookie(): Promise<string> {
  return pendingCookie().serialize("", { maxAge: 0 });
}
