import { createHash } from "node:crypto";

import { getEnv } from "~/modules/env/env.server";
import { signLinkToken, type VerifiedLinkToken, verifyLinkToken } from "~/modules/links/token.server";

type InvitationLike = { id: string; sentCount: number; expiresAt: Date; acceptedAt: Date | null; cancelledAt: Date | null };

/**
 * Staff invitations reuse the link token (id, version, expiry, key id, HMAC) with their own
 * purpose, so an onboarding-link token can never be used as an invitation. The version is the
 * invitation's send count: resending bumps it and the previous URL stops working.
 */
export function invitationToken(invitation: Pick<InvitationLike, "id" | "sentCount" | "expiresAt">): string {
  return signLinkToken(
    getEnv().LINK_SIGNING_KEYS,
    { linkId: invitation.id, version: invitation.sentCount, expiresAt: invitation.expiresAt },
    "invitation",
  );
}

export function invitationUrl(invitation: Pick<InvitationLike, "id" | "sentCount" | "expiresAt">): string {
  return `${getEnv().PUBLIC_URL}/invite/${invitationToken(invitation)}`;
}

export function verifyInvitationToken(token: string): VerifiedLinkToken | null {
  return verifyLinkToken(getEnv().LINK_SIGNING_KEYS, token, "invitation");
}

/** Stored for lookup only (the token can always be recomputed; it is never stored in clear). */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export function isInvitationPending(invitation: InvitationLike, now: Date): boolean {
  return !invitation.acceptedAt && !invitation.cancelledAt && invitation.expiresAt.getTime() >= now.getTime();
}
