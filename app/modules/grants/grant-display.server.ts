import { intlFor } from "~/modules/i18n/messages.server";
import { hotjar } from "~/modules/platforms/hotjar";
import { stepText } from "~/modules/platforms/step-text";

type Grant = {
  id: string;
  hotjarSiteId: string;
  siteName: string | null;
  role: string;
  granteeEmail: string;
  grantedByName: string;
  grantedByEmail: string;
  effectiveStatus: string;
  invitedAt: Date;
  verifiedAt: Date | null;
  revokedAt: Date | null;
};

/** Grants as the staff tables show them, with Hotjar's removal steps for revoked ones. */
export function grantRowsForDisplay(grants: Grant[], organizationId: string | null) {
  return grants.map((g) => ({
    id: g.id,
    hotjarSiteId: g.hotjarSiteId,
    siteName: g.siteName,
    role: g.role,
    granteeEmail: g.granteeEmail,
    grantedByName: g.grantedByName,
    grantedByEmail: g.grantedByEmail,
    effectiveStatus: g.effectiveStatus,
    invitedAt: g.invitedAt.toISOString(),
    verifiedAt: g.verifiedAt?.toISOString() ?? null,
    revokedAt: g.revokedAt?.toISOString() ?? null,
    removalSteps:
      g.effectiveStatus === "REVOKED"
        ? hotjar
            .removalSteps({ granteeEmail: g.granteeEmail, siteIds: [g.hotjarSiteId], organizationId: organizationId ?? undefined })
            .map((s) => stepText(intlFor("en"), s)) // staff pages are in English
        : undefined,
  }));
}
