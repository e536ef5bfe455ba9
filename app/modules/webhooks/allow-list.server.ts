import { getEnv } from "~/modules/env/env.server";

/**
 * Whether the operator allow-listed this URL's host[:port] (WEBHOOK_ALLOW_HTTP_HOSTS): such a
 * receiver may use http and a private address (tests, on-premise receivers). Nothing else may.
 */
export function isAllowListed(url: URL, allowList: string[] = getEnv().WEBHOOK_ALLOW_HTTP_HOSTS): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return allowList.some((entry) => entry === host || entry === `${host}:${port}`);
}
