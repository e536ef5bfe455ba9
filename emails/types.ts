// The props of every email template. Emails are rendered when the worker sends them, from the
// current database rows, so the outbox never stores a link URL (a token) in clear.
// The client's emails carry the link's `locale` and read in it; the staff's are English.
import type { Locale } from "../app/modules/i18n/locales";

export type Branding = {
  agencyName: string;
  /** Validated #rrggbb, or null for the default colour. */
  accentColor: string | null;
  /** Absolute URL of the agency's logo, or null for none (compose.server.ts decides which may appear). */
  logoUrl: string | null;
};

/** What a link asks for, already in Hotjar's words and formatted for people (in the email's language). */
export type RequestSummary = {
  requesterName: string;
  /** Client emails: Hotjar's documented level, e.g. "Read Only"; staff emails: ours with Hotjar's. */
  roleLabel: string;
  /** Empty when the client picks the site. */
  sites: { hotjarSiteId: string; name: string }[];
  granteeEmail: string;
  reason: string;
  expiresAt: string; // formatted, e.g. "30 Nov 2026, 14:05 UTC"
};

export type LinkInvitationProps = {
  locale: Locale;
  branding: Branding;
  request: RequestSummary;
  contactName: string;
  url: string;
};

/** The same request, sent by the client to a colleague who is a Hotjar admin. */
export type LinkForwardedProps = {
  locale: Locale;
  branding: Branding;
  request: RequestSummary;
  clientName: string;
  colleagueName: string | null;
  /** Who forwarded it, as they typed it; null when they left it out. */
  fromName: string | null;
  note: string | null;
  url: string;
};

export type ClientReminderKind =
  | "link-not-opened" // sent 2 days ago, never opened
  | "link-expiring" // expires within 24 hours
  | "invite-not-accepted" // grant still INVITED after 3 days
  | "invite-expired"; // Hotjar's 7-day invitation lifetime passed: please resend

export type ClientReminderProps = {
  locale: Locale;
  branding: Branding;
  kind: ClientReminderKind;
  request: RequestSummary;
  contactName: string;
  /** The onboarding link (link reminders only). */
  url: string | null;
  /** The sites concerned (grant reminders), and Hotjar's steps to send the invitation again. */
  resendSteps: string[];
  /** About how long Hotjar keeps an invitation open (invite-expired). */
  invitationLifetimeDays: number;
};

export type AgencyNotificationKind = "link-opened" | "link-completed" | "link-declined" | "new-link-requested";

export type AgencyNotificationProps = {
  agencyName: string;
  kind: AgencyNotificationKind;
  clientName: string;
  request: RequestSummary;
  /** The staff page of the link. */
  linkPageUrl: string;
  /** link-completed: what the client says they granted. */
  grants: { hotjarSiteId: string; siteName: string | null; grantedBy: string }[];
  /** link-declined: the client's reason, if any. */
  declineReason: string | null;
  at: string; // formatted time of the event
};

/** A staff invitation to join an agency's workspace. */
export type StaffInvitationProps = {
  branding: Branding;
  inviterName: string;
  roleName: string; // "Admin" or "Member"
  url: string;
  expiresAt: string; // formatted
};

/** To the client when the agency ends its access: how to remove the grantee in Hotjar. */
export type AccessEndedProps = {
  locale: Locale;
  branding: Branding;
  contactName: string;
  granteeEmail: string;
  sites: { hotjarSiteId: string; name: string | null }[];
  removalSteps: string[];
};

export type ReviewNoticeKind = "digest" | "access-ending";

/** To agency staff: the weekly list of grants due for review, or access ending in 3 days. */
export type ReviewNoticeProps = {
  agencyName: string;
  kind: ReviewNoticeKind;
  items: { clientName: string; siteName: string | null; hotjarSiteId: string; date: string; overdue: boolean }[];
  reviewsUrl: string;
};

/** To a staff account: a single-use link to choose a new password (valid 1 hour). */
export type PasswordResetProps = { name: string; url: string; expiresAt: string };

/** To a staff address to prove: at sign-up, on request, or the new address of a change (`change`). */
export type VerifyEmailProps = { name: string; email: string; url: string; expiresAt: string; change: boolean };

/** To the old address once a change of address took effect. */
export type EmailChangedProps = { name: string; oldEmail: string; newEmail: string; at: string };

/** To an agency's Owners and Admins: a webhook endpoint was switched off after repeated failures. */
export type WebhookDisabledProps = { agencyName: string; url: string; failures: number; lastError: string | null; endpointUrl: string };

export type EmailTemplateProps = {
  "password-reset": PasswordResetProps;
  "verify-email": VerifyEmailProps;
  "email-changed": EmailChangedProps;
  "access-ended": AccessEndedProps;
  "review-notice": ReviewNoticeProps;
  "staff-invitation": StaffInvitationProps;
  "link-invitation": LinkInvitationProps;
  "link-forwarded": LinkForwardedProps;
  "client-reminder": ClientReminderProps;
  "agency-notification": AgencyNotificationProps;
  "webhook-disabled": WebhookDisabledProps;
};

export type EmailTemplateName = keyof EmailTemplateProps;

export type RenderedEmail = { subject: string; html: string; text: string };
