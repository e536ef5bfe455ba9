import { getEnv } from "~/modules/env/env.server";

// Control characters: browsers drop tab and newlines from a URL ("/\t/evil" is "//evil", another
// host), and a Location header holding CR or LF cannot even be sent.
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A redirect target from the user (`redirectTo`) as a path on our own origin, or `fallback`.
 * The browser's own URL parser decides: the target is read against PUBLIC_URL and kept only when
 * it stays on that origin, holds no control character, and its path cannot be read as another
 * host (`//evil`). An open redirect after login is a phishing tool.
 */
export function safeRedirect(to: string | null | undefined, fallback = "/", base = getEnv().PUBLIC_URL): string {
  if (!to || !to.startsWith("/") || CONTROL.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(base).origin || url.pathname.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
