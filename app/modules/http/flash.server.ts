import { createHmac } from "node:crypto";

import { createCookie, redirect } from "@remix-run/node";
import { z } from "zod";

import { getEnv } from "~/modules/env/env.server";

// "Client created", "Link revoked": a one-time message carried across the redirect that ends an
// action, in a signed cookie, and shown once by the staff layout (docs/decisions/040). Without
// JavaScript it is part of the next page; with it, a toast.

export const FlashSchema = z.object({
  kind: z.enum(["success", "error", "info"]),
  message: z.string().min(1).max(300),
});
export type Flash = z.infer<typeof FlashSchema>;

let cookie: ReturnType<typeof createCookie> | undefined;

function flashCookie() {
  const env = getEnv();
  // Its own key, derived from the link-signing secret: a flash cookie is never a valid anything else.
  const secret = createHmac("sha256", env.LINK_SIGNING_KEYS[0]!.secret).update("flash-cookie").digest("base64url");
  return (cookie ??= createCookie("portal_flash", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env.PUBLIC_URL.startsWith("https://"),
    secrets: [secret],
    maxAge: 60,
  }));
}

/** A redirect to `to` that shows `flash` on the page it lands on. */
export async function redirectWithFlash(to: string, flash: Flash, init: ResponseInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await flashCookie().serialize(FlashSchema.parse(flash)));
  return redirect(to, { ...init, headers });
}

/** The message waiting for this request, if any, and the header that clears it. */
export async function takeFlash(request: Request): Promise<{ flash: Flash | null; headers: HeadersInit }> {
  const raw = request.headers.get("Cookie");
  if (!raw?.includes("portal_flash=")) return { flash: null, headers: {} };
  const parsed = FlashSchema.safeParse(await flashCookie().parse(raw));
  return {
    flash: parsed.success ? parsed.data : null,
    headers: { "Set-Cookie": await flashCookie().serialize("", { maxAge: 0 }) },
  };
}
