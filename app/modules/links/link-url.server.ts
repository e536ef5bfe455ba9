import { getEnv } from "~/modules/env/env.server";

import { signLinkToken, type VerifiedLinkToken, verifyLinkToken } from "./token.server";

/**
 * The absolute URL of a link. Tokens are never stored: they are derived from the key ring and
 * the link's id, version and expiry whenever staff need the URL (docs/decisions/006).
 */
export function linkUrl(link: { id: string; tokenVersion: number; expiresAt: Date }): string {
  const env = getEnv();
  const token = signLinkToken(env.LINK_SIGNING_KEYS, {
    linkId: link.id,
    version: link.tokenVersion,
    expiresAt: link.expiresAt,
  });
  return `${env.PUBLIC_URL}/l/${token}`;
}

export function verifyToken(token: string): VerifiedLinkToken | null {
  return verifyLinkToken(getEnv().LINK_SIGNING_KEYS, token);
}
