import { promises as dns } from "node:dns";
import { isIP } from "node:net";

import { getEnv } from "~/modules/env/env.server";

import { forbiddenAddressReason, isLinkLocal } from "./address-rules.server";
import { isAllowListed } from "./allow-list.server";

// The SSRF guard (docs/decisions/053), run before every try of a delivery: the host is resolved
// once here, every address it has is checked, and the caller connects to the address checked
// (send.server.ts pins it), so a DNS answer that changes between check and connect is harmless.

export type ResolvedAddress = { address: string; family: number };
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemLookup: Lookup = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** Why a host is refused, in words that show staff no address. */
export const PRIVATE_ADDRESS = "resolves to a private or reserved address";

export type GuardOptions = { allowList?: string[]; lookup?: Lookup };

export type Target = { ok: true; url: URL; address: string; family: 4 | 6 } | { ok: false; reason: string };

/** The URL's scheme rule alone (https, or http for an allow-listed host): for the form, before any lookup. */
export function schemeProblem(url: URL, allowList: string[] = getEnv().WEBHOOK_ALLOW_HTTP_HOSTS): string | null {
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && isAllowListed(url, allowList)) return null;
  return "Use an https:// address";
}

/** Where a delivery to `rawUrl` may connect, or why it may not. */
export async function checkTarget(rawUrl: string, options: GuardOptions = {}): Promise<Target> {
  const allowList = options.allowList ?? getEnv().WEBHOOK_ALLOW_HTTP_HOSTS;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, reason: "not a valid URL" };
  }
  const scheme = schemeProblem(url, allowList);
  if (scheme) return { ok: false, reason: `refused: ${url.protocol} is not allowed for ${url.host} (https only)` };
  if (url.username || url.password) return { ok: false, reason: "refused: credentials in the URL" };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: ResolvedAddress[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await (options.lookup ?? systemLookup)(host);
    } catch (error) {
      return { ok: false, reason: `could not resolve ${host}: ${(error as NodeJS.ErrnoException).code ?? "lookup failed"}` };
    }
  }
  if (addresses.length === 0) return { ok: false, reason: `could not resolve ${host}` };
  // The operator's explicit choice: an allow-listed receiver may live on a private address, but
  // never on a link-local one (the cloud metadata service). The reason names no address: staff
  // would otherwise learn what internal names resolve to.
  const allowListed = isAllowListed(url, allowList);
  for (const { address } of addresses) {
    const refused = allowListed ? isLinkLocal(address) : forbiddenAddressReason(address) !== null;
    if (refused) return { ok: false, reason: `refused: ${host} ${PRIVATE_ADDRESS}` };
  }
  const chosen = addresses[0]!;
  return { ok: true, url, address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}
