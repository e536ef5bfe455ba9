import type { OutboundEmail } from "@prisma/client";
import { z } from "zod";

import { formatDateTime } from "~/components/dates";
import { emailLogoProblem } from "~/modules/agencies/email-logo";
import type { Role } from "~/modules/agencies/permissions";
import { db } from "~/modules/db/db.server";
import { getEnv } from "~/modules/env/env.server";
import type { Locale } from "~/modules/i18n/locales";
import { intlFor } from "~/modules/i18n/messages.server";
import { clientEmailLocale } from "~/modules/i18n/negotiate.server";
import { effectiveLinkStatus, isOpenStatus } from "~/modules/links/link-state";
import { linkUrl } from "~/modules/links/link-url.server";
import { parseRequestedSites } from "~/modules/links/requested-sites";
import { hotjar, HOTJAR_INVITATION_LIFETIME_DAYS, roleLabel } from "~/modules/platforms/hotjar";
import type { PortalRole } from "~/modules/platforms/platform";
import { stepText } from "~/modules/platforms/step-text";
import { invitationUrl, isInvitationPending } from "~/modules/team/invitation-token.server";

import { renderEmail } from "../../../emails/render";
import type { Branding, EmailTemplateName, RenderedEmail, RequestSummary } from "../../../emails/types";
import { ACCOUNT_TEMPLATES, composeAccountEmail } from "./compose-account.server";
import { composeWebhookDisabled } from "./compose-webhook.server";
import { type MailboxReaders, mailboxReaders } from "./mailbox-readers";
import type { EmailTransport } from "./transports.server";

type TransportName = EmailTransport["name"];

const PayloadSchema = z.object({
  kind: z.string().optional(),
  grantId: z.string().optional(),
});

const ForwardedSchema = z.object({
  colleagueName: z.string().nullable(),
  fromName: z.string().nullable(),
  note: z.string().nullable(),
});

type Rendered = { ok: true; email: RenderedEmail } | { ok: false; reason: string };
/** A rendered email, with who may read it in the local Mailbox. */
export type Composed = { ok: true; email: RenderedEmail; readers: MailboxReaders } | { ok: false; reason: string };

async function loadLink(linkId: string) {
  return db.onboardingLink.findUnique({
    where: { id: linkId },
    include: {
      agency: true,
      client: { select: { name: true, contactName: true, hotjarOrganizationId: true } },
      createdBy: { select: { name: true } },
      grants: { orderBy: { createdAt: "asc" } },
    },
  });
}
type LoadedLink = NonNullable<Awaited<ReturnType<typeof loadLink>>>;

/**
 * The logo's address in an email, or null for none. Logos are served by the portal itself (a
 * relative URL) and an email needs it absolute. A mail program loads only an https one
 * (emailLogoProblem); the local Mailbox is read on the portal's own origin, which serves it over
 * http too (docs/decisions/041).
 */
function emailLogoUrl(logoUrl: string | null, transport: TransportName): string | null {
  const publicUrl = getEnv().PUBLIC_URL;
  if (!logoUrl || (transport !== "mailbox" && emailLogoProblem(publicUrl))) return null;
  return new URL(logoUrl, publicUrl).toString();
}

function branding(agency: { name: string; accentColor: string | null; logoUrl: string | null }, transport: TransportName): Branding {
  return { agencyName: agency.name, accentColor: agency.accentColor, logoUrl: emailLogoUrl(agency.logoUrl, transport) };
}

function portalRole(link: { role: string }): PortalRole {
  return link.role === "USER" ? "USER" : "VIEWER";
}

/** A date and time in the email's language, in UTC like the client's page, e.g. "30 nov 2026, 14:05 UTC". */
function clientDateTime(locale: Locale, date: Date): string {
  return `${intlFor(locale).formatDate(date, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;
}

/** The request as the staff read it: our role with Hotjar's name beside it. */
function staffSummary(link: LoadedLink): RequestSummary {
  return {
    requesterName: link.createdBy.name,
    roleLabel: roleLabel(portalRole(link)),
    sites: parseRequestedSites(link.requestedSites).map((s) => ({ hotjarSiteId: s.hotjarSiteId, name: s.name })),
    granteeEmail: link.granteeEmail,
    reason: link.reason,
    expiresAt: formatDateTime(link.expiresAt),
  };
}

/** The request as the client reads it: Hotjar's own level ("Read Only"), as on the page, and dates in their language. */
function clientSummary(link: LoadedLink, locale: Locale): RequestSummary {
  return {
    ...staffSummary(link),
    roleLabel: hotjar.roles[portalRole(link)].platformName,
    expiresAt: clientDateTime(locale, link.expiresAt),
  };
}

/**
 * Renders an outbox row from the current rows, at send time, for the transport that delivers it.
 * A link email whose link is no longer open is not sent: the client must never get a URL that
 * would only show "withdrawn".
 */
export async function composeEmail(row: OutboundEmail, now: Date, transport: TransportName): Promise<Composed> {
  if (row.template === "staff-invitation") return composeStaffInvitation(row, now, transport);
  const composed = await composeFromRows(row, now, transport);
  return composed.ok ? { ...composed, readers: mailboxReaders(row.template as EmailTemplateName) } : composed;
}

async function composeFromRows(row: OutboundEmail, now: Date, transport: TransportName): Promise<Rendered> {
  if (ACCOUNT_TEMPLATES.includes(row.template as EmailTemplateName)) return composeAccountEmail(row, now);
  if (row.template === "review-notice") return composeReviewNotice(row, now);
  if (row.template === "webhook-disabled") return composeWebhookDisabled(row);
  if (!row.linkId) return { ok: false, reason: "no link" };
  const link = await loadLink(row.linkId);
  if (!link || link.agencyId !== row.agencyId) return { ok: false, reason: "the link no longer exists" };
  const payload = PayloadSchema.parse(JSON.parse(row.payload || "{}"));
  const status = effectiveLinkStatus(link, now);
  const open = isOpenStatus(status);
  const locale = clientEmailLocale(link);

  switch (row.template) {
    case "link-invitation":
      if (!open) return { ok: false, reason: `the link is ${status.toLowerCase()}: not sent` };
      return {
        ok: true,
        email: await renderEmail("link-invitation", {
          locale,
          branding: branding(link.agency, transport),
          request: clientSummary(link, locale),
          contactName: link.client.contactName,
          url: linkUrl(link),
        }),
      };
    case "link-forwarded": {
      if (!open) return { ok: false, reason: `the link is ${status.toLowerCase()}: not sent` };
      const forwarded = ForwardedSchema.parse(JSON.parse(row.payload || "{}"));
      return {
        ok: true,
        email: await renderEmail("link-forwarded", {
          locale,
          branding: branding(link.agency, transport),
          request: clientSummary(link, locale),
          clientName: link.client.name,
          ...forwarded,
          url: linkUrl(link),
        }),
      };
    }
    case "client-reminder": {
      const kind = z.enum(["link-not-opened", "link-expiring", "invite-not-accepted", "invite-expired"]).parse(payload.kind);
      const forLink = kind === "link-not-opened" || kind === "link-expiring";
      if (forLink && (!open || (kind === "link-not-opened" && link.firstOpenedAt))) return { ok: false, reason: "no longer needed" };
      const grant = payload.grantId ? link.grants.find((g) => g.id === payload.grantId) : undefined;
      if (!forLink && (!grant || grant.status !== "INVITED")) return { ok: false, reason: "no longer needed" };
      const resendSteps = grant
        ? hotjar
            .resendSteps({
              granteeEmail: link.granteeEmail,
              role: portalRole(link),
              siteIds: [grant.hotjarSiteId],
              organizationId: link.client.hotjarOrganizationId ?? undefined,
            })
            .map((s) => stepText(intlFor(locale), s))
        : [];
      return {
        ok: true,
        email: await renderEmail("client-reminder", {
          locale,
          branding: branding(link.agency, transport),
          kind,
          request: clientSummary(link, locale),
          contactName: link.client.contactName,
          url: forLink ? linkUrl(link) : null,
          resendSteps,
          invitationLifetimeDays: HOTJAR_INVITATION_LIFETIME_DAYS,
        }),
      };
    }
    case "access-ended": {
      const grant = link.grants.find((g) => g.id === payload.grantId);
      if (!grant || grant.status !== "REVOKED") return { ok: false, reason: "the grant is not revoked" };
      return {
        ok: true,
        email: await renderEmail("access-ended", {
          locale,
          branding: branding(link.agency, transport),
          contactName: grant.grantedByName,
          granteeEmail: grant.granteeEmail,
          sites: [{ hotjarSiteId: grant.hotjarSiteId, name: grant.siteName }],
          removalSteps: hotjar
            .removalSteps({
              granteeEmail: grant.granteeEmail,
              siteIds: [grant.hotjarSiteId],
              organizationId: link.client.hotjarOrganizationId ?? undefined,
            })
            .map((s) => stepText(intlFor(locale), s)),
        }),
      };
    }
    case "agency-notification": {
      const kind = z.enum(["link-opened", "link-completed", "link-declined", "new-link-requested"]).parse(payload.kind);
      const at = {
        "link-opened": link.firstOpenedAt,
        "link-completed": link.completedAt,
        "link-declined": link.declinedAt,
        "new-link-requested": link.newLinkRequestedAt,
      }[kind];
      return {
        ok: true,
        email: await renderEmail("agency-notification", {
          agencyName: link.agency.name,
          kind,
          clientName: link.client.name,
          request: staffSummary(link),
          linkPageUrl: `${getEnv().PUBLIC_URL}/a/${link.agency.slug}/links/${link.id}`,
          grants: link.grants.map((g) => ({
            hotjarSiteId: g.hotjarSiteId,
            siteName: g.siteName,
            grantedBy: `${g.grantedByName} <${g.grantedByEmail}>`,
          })),
          declineReason: link.declineReason,
          at: formatDateTime(at ?? row.createdAt),
        }),
      };
    }
    default:
      return { ok: false, reason: `unknown template ${row.template}` };
  }
}

async function composeStaffInvitation(row: OutboundEmail, now: Date, transport: TransportName): Promise<Composed> {
  const { invitationId } = z.object({ invitationId: z.string() }).parse(JSON.parse(row.payload || "{}"));
  const invitation = await db.staffInvitation.findFirst({ where: { id: invitationId, agencyId: row.agencyId }, include: { agency: true } });
  if (!invitation || !isInvitationPending(invitation, now)) return { ok: false, reason: "the invitation is no longer pending" };
  const inviter = await db.user.findUnique({ where: { id: invitation.invitedById }, select: { name: true } });
  return {
    ok: true,
    email: await renderEmail("staff-invitation", {
      branding: branding(invitation.agency, transport),
      inviterName: inviter?.name ?? invitation.agency.name,
      roleName: invitation.role === "ADMIN" ? "Admin" : "Member",
      url: invitationUrl(invitation),
      expiresAt: formatDateTime(invitation.expiresAt),
    }),
    readers: mailboxReaders("staff-invitation", invitation.role as Role),
  };
}

async function composeReviewNotice(row: OutboundEmail, now: Date): Promise<Rendered> {
  const payload = z
    .object({ kind: z.enum(["digest", "access-ending"]), grantId: z.string().optional() })
    .parse(JSON.parse(row.payload || "{}"));
  const agency = await db.agency.findUnique({ where: { id: row.agencyId }, select: { name: true, slug: true } });
  if (!agency) return { ok: false, reason: "the agency no longer exists" };
  const grants = await db.grant.findMany({
    where:
      payload.kind === "digest"
        ? { agencyId: row.agencyId, status: { not: "REVOKED" }, reviewAt: { lte: now } }
        : { agencyId: row.agencyId, id: payload.grantId, status: { not: "REVOKED" } },
    include: { client: { select: { name: true } }, link: { select: { accessEndsAt: true } } },
    orderBy: { reviewAt: "asc" },
    take: 100,
  });
  if (grants.length === 0) return { ok: false, reason: "nothing to review any more" };
  return {
    ok: true,
    email: await renderEmail("review-notice", {
      agencyName: agency.name,
      kind: payload.kind,
      reviewsUrl: `${getEnv().PUBLIC_URL}/a/${agency.slug}/reviews`,
      items: grants.map((g) => {
        const date = payload.kind === "digest" ? g.reviewAt : g.link.accessEndsAt;
        return {
          clientName: g.client.name,
          siteName: g.siteName,
          hotjarSiteId: g.hotjarSiteId,
          date: formatDateTime(date),
          overdue: Boolean(date && date < now),
        };
      }),
    }),
  };
}
