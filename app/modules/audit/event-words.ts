import { formatDate } from "~/components/dates";
import type { Role } from "~/modules/agencies/permissions";
import { roleLabel } from "~/modules/platforms/hotjar";
import { PORTAL_ROLES, type PortalRole } from "~/modules/platforms/platform";

/**
 * Words, not codes (issue 15, item 5): an audit event as a sentence a person reads, and the
 * labels of roles, statuses and event kinds. Pure: the dashboard, the audit log and the link
 * pages use it in the browser and on the server alike.
 */

const LOCALE = "en-GB";
const pluralRules = new Intl.PluralRules(LOCALE);
const numbers = new Intl.NumberFormat(LOCALE);
const lists = new Intl.ListFormat(LOCALE, { style: "long", type: "conjunction" });

/** "1 site", "2 sites", "1,204 links": the plural form chosen by the language's rules. */
export function plural(count: number, one: string, other = `${one}s`): string {
  return `${numbers.format(count)} ${pluralRules.select(count) === "one" ? one : other}`;
}

/** "invite_expired" -> "Invite expired": a code made readable, for what has no words yet. */
export function readableCode(code: string): string {
  const words = code
    .replace(/[._-]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : code;
}

const TEAM_ROLE_WORDS: Record<Role, string> = { OWNER: "Owner", ADMIN: "Admin", MEMBER: "Member" };

/** A staff member's role: Owner, Admin, Member. */
export function teamRoleWords(role: string): string {
  return TEAM_ROLE_WORDS[role as Role] ?? readableCode(role);
}

/** The access a link asks for, ours and Hotjar's: "Viewer (Hotjar: Read Only)". */
export function accessLevelWords(role: string): string {
  return PORTAL_ROLES.includes(role as PortalRole) ? roleLabel(role as PortalRole) : readableCode(role);
}

const STATUS_WORDS: Record<string, string> = {
  // Links (link-state.ts)
  PENDING: "Pending",
  OPENED: "Opened",
  COMPLETED: "Completed",
  DECLINED: "Declined",
  EXPIRED: "Expired",
  REVOKED: "Revoked",
  // Grants (grant-state.ts)
  INVITED: "Invited",
  INVITE_EXPIRED: "Invitation expired",
  ACTIVE: "Active",
};

/** A link's or a grant's status as a word: "Pending", "Invitation expired". */
export function statusWords(status: string): string {
  return STATUS_WORDS[status] ?? readableCode(status);
}

/** One kind of event, for the audit log's filter: its stored type and what a person calls it. */
export type EventKind = { type: string; label: string };

/** Event kinds by the type's first segment, which is also a filter of its own ("link" matches every link event). */
export const EVENT_KIND_GROUPS: readonly { prefix: string; label: string; kinds: readonly EventKind[] }[] = [
  {
    prefix: "link",
    label: "Links",
    kinds: [
      { type: "link.created", label: "Link created" },
      { type: "link.batch_created", label: "Links created from a CSV" },
      { type: "link.sent", label: "Link emailed" },
      { type: "link.opened", label: "Link opened by the client" },
      { type: "link.completed", label: "Invitation sent by the client" },
      { type: "link.declined", label: "Request declined by the client" },
      { type: "link.new_requested", label: "New link asked for" },
      { type: "link.forwarded", label: "Request forwarded by the client" },
      { type: "link.steps_reported", label: "Hotjar steps reported as different" },
      { type: "link.reissued", label: "Link reissued" },
      { type: "link.revoked", label: "Link revoked" },
      { type: "link.expired", label: "Link expired" },
    ],
  },
  {
    prefix: "grant",
    label: "Access",
    kinds: [
      { type: "grant.verified", label: "Access verified" },
      { type: "grant.revoked", label: "Access revoked" },
      { type: "grant.review_kept", label: "Access kept after review" },
      { type: "grant.removal_confirmed", label: "Access removal confirmed" },
    ],
  },
  {
    prefix: "client",
    label: "Clients",
    kinds: [
      { type: "client.created", label: "Client added" },
      { type: "client.updated", label: "Client edited" },
      { type: "client.archived", label: "Client archived" },
      { type: "client.restored", label: "Client restored" },
    ],
  },
  {
    prefix: "api",
    label: "Integrations (API)",
    kinds: [
      { type: "api.key_created", label: "Key created for the API" },
      { type: "api.key_revoked", label: "Key for the API revoked" },
      { type: "api.key_used", label: "Call with a key to the API" },
    ],
  },
  {
    prefix: "webhook",
    label: "Webhooks",
    kinds: [
      { type: "webhook.endpoint_created", label: "Webhook endpoint added" },
      { type: "webhook.endpoint_updated", label: "Webhook endpoint edited" },
      { type: "webhook.secret_rotated", label: "Webhook signing secret rotated" },
      { type: "webhook.endpoint_disabled", label: "Webhook endpoint switched off" },
      { type: "webhook.endpoint_auto_disabled", label: "Webhook endpoint switched off after failures" },
      { type: "webhook.endpoint_enabled", label: "Webhook endpoint switched on" },
      { type: "webhook.endpoint_deleted", label: "Webhook endpoint deleted" },
      { type: "webhook.test_sent", label: "Webhook test event sent" },
      { type: "webhook.replayed", label: "Webhook delivery replayed" },
    ],
  },
  {
    prefix: "intake",
    label: "Intake links",
    kinds: [
      { type: "intake.created", label: "Intake link created" },
      { type: "intake.updated", label: "Intake link edited" },
      { type: "intake.disabled", label: "Intake link switched off" },
      { type: "intake.arrived", label: "Client arrived through an intake link" },
    ],
  },
  {
    prefix: "team",
    label: "Team",
    kinds: [
      { type: "team.invited", label: "Team member invited" },
      { type: "team.invitation_resent", label: "Invitation resent" },
      { type: "team.invitation_cancelled", label: "Invitation cancelled" },
      { type: "team.joined", label: "Team member joined" },
      { type: "team.role_changed", label: "Role changed" },
      { type: "team.member_removed", label: "Team member removed" },
      { type: "team.member_left", label: "Team member left" },
      { type: "team.ownership_transferred", label: "Ownership transferred" },
    ],
  },
  {
    prefix: "auth",
    label: "Sign-in",
    kinds: [
      { type: "auth.login", label: "Logged in" },
      { type: "auth.login_failed", label: "Wrong password" },
      { type: "auth.password_changed", label: "Password changed" },
      { type: "auth.sessions_revoked", label: "Sessions ended" },
      { type: "auth.two_factor_enabled", label: "Two-factor sign-in turned on" },
      { type: "auth.two_factor_disabled", label: "Two-factor sign-in turned off" },
      { type: "auth.recovery_codes_regenerated", label: "New recovery codes" },
      { type: "auth.recovery_code_used", label: "Recovery code used" },
    ],
  },
  { prefix: "settings", label: "Settings", kinds: [{ type: "settings.updated", label: "Settings changed" }] },
  {
    prefix: "branding",
    label: "Branding",
    kinds: [
      { type: "branding.logo_updated", label: "Logo uploaded" },
      { type: "branding.logo_removed", label: "Logo removed" },
    ],
  },
  { prefix: "email", label: "Email", kinds: [{ type: "email.retried", label: "Email retried" }] },
  { prefix: "agency", label: "Agency", kinds: [{ type: "agency.created", label: "Agency created" }] },
];

/** Every event kind the app records, with its label. */
export const EVENT_KINDS: readonly EventKind[] = EVENT_KIND_GROUPS.flatMap((g) => g.kinds);

const KIND_LABELS = new Map(EVENT_KINDS.map((k) => [k.type, k.label]));

/** "Link created" for `link.created`; an unknown type made readable. */
export function eventKindLabel(type: string): string {
  return KIND_LABELS.get(type) ?? readableCode(type);
}

/** What the sentence needs of a stored event (Event row), plus names the caller looked up. */
export type EventForWords = {
  type: string;
  actorType: string;
  actorLabel?: string | null;
  /** The staff member's name (by Event.actorId), when the caller has it; else the label (an email). */
  actorName?: string | null;
  /** The team member the event is about (details.userId, details.to), when the caller has it. */
  subjectName?: string | null;
  /** Event.details: the stored JSON text, or already parsed. */
  details?: string | Record<string, unknown> | null;
  clientName?: string | null;
};

/** A sentence, and what it is about ("Acme Shoes, 2 sites") when the event names a client or sites. */
export type EventWords = { sentence: string; context: string | null };

type Details = Record<string, unknown>;

function parseDetails(details: EventForWords["details"]): Details {
  if (!details) return {};
  if (typeof details !== "string") return details;
  try {
    const parsed: unknown = JSON.parse(details);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Details) : {};
  } catch {
    return {};
  }
}

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() ? value.trim() : null);
/** ` “CRM sync” (olp_ab12cd34)`: which key, by its name and prefix. */
const apiKeyWords = (d: Details) => (text(d.name) ? ` “${text(d.name)}”` : "") + (text(d.prefix) ? ` (${text(d.prefix)})` : "");
const intakeWords = (d: Details) => (text(d.name) ? ` “${text(d.name)}”` : "");
const webhookWords = (d: Details) => (text(d.url) ? ` ${text(d.url)}` : "");

const count = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);

/** The client's name from a client actor's label, `Casey Client <casey@acme.example>`. */
function nameFromLabel(label: string): string {
  return label.replace(/\s*<[^>]*>\s*$/, "").trim() || label;
}

/** Who did it, as the start of a sentence. */
function actorWords(e: EventForWords): string {
  const label = text(e.actorLabel);
  switch (e.actorType) {
    case "staff":
      return text(e.actorName) ?? label ?? "A team member";
    case "client":
      return label ? nameFromLabel(label) : "The client";
    case "api":
      return label ?? "An integration";
    default:
      return "The portal";
  }
}

const SETTING_WORDS: Record<string, string> = {
  name: "the agency name",
  accentColor: "the accent colour",
  granteeEmail: "the grantee email",
  defaultLifetimeDays: "the default link lifetime",
  defaultRole: "the default access level",
  locale: "the clients' language",
  reviewIntervalDays: "the review interval",
  notificationEmail: "the notification email",
  requireTwoFactor: "whether members must use two-factor sign-in",
};

function settingsChanged(d: Details): string {
  const changes = d.changes && typeof d.changes === "object" ? Object.keys(d.changes) : [];
  if (changes.length === 0) return "the settings";
  return lists.format(changes.map((key) => SETTING_WORDS[key] ?? `the ${readableCode(key).toLowerCase()}`));
}

type Say = { actor: string; d: Details; subject: string | null; label: string | null };

const SENTENCES: Record<string, (s: Say) => string> = {
  "agency.created": ({ actor }) => `${actor} created the agency`,

  "auth.login": ({ actor }) => `${actor} logged in`,
  "auth.login_failed": ({ label }) => `Someone tried to log in as ${label ?? "a team member"} with a wrong password`,
  "auth.password_changed": ({ actor }) => `${actor} changed their password`,
  "auth.sessions_revoked": ({ actor, d }) => {
    const ended = count(d.sessionsEnded) ?? 0;
    return d.reason === "password_changed"
      ? `${actor} was logged out of ${plural(ended, "session")} after changing their password`
      : `${actor} logged out of ${plural(ended, "other session")}`;
  },

  "auth.two_factor_enabled": ({ actor }) => `${actor} turned on two-factor sign-in`,
  "auth.two_factor_disabled": ({ actor }) => `${actor} turned off two-factor sign-in`,
  "auth.recovery_codes_regenerated": ({ actor }) => `${actor} made new recovery codes (the old ones no longer work)`,
  "auth.recovery_code_used": ({ actor, d }) => {
    const left = count(d.codesLeft);
    return left === null ? `${actor} signed in with a recovery code` : `${actor} used a recovery code (${plural(left, "code")} left)`;
  },

  "settings.updated": ({ actor, d }) => `${actor} changed ${settingsChanged(d)}`,
  "branding.logo_updated": ({ actor }) => `${actor} uploaded a new logo`,
  "branding.logo_removed": ({ actor }) => `${actor} removed the logo`,

  "team.invited": ({ actor, d }) =>
    `${actor} invited ${text(d.email) ?? "a new team member"}${text(d.role) ? ` as ${teamRoleWords(text(d.role)!)}` : ""}`,
  "team.invitation_resent": ({ actor, d }) => `${actor} sent the invitation to ${text(d.email) ?? "a new team member"} again`,
  "team.invitation_cancelled": ({ actor, d }) => {
    const to = text(d.email) ?? "a new team member";
    if (d.reason === "inviter_role_changed") return `The invitation to ${to} was cancelled: its sender's new role cannot grant it`;
    if (d.reason === "inviter_left_agency") return `The invitation to ${to} was cancelled: its sender left the agency`;
    return `${actor} cancelled the invitation to ${to}`;
  },
  "team.joined": ({ actor, d }) => `${actor} joined the team${text(d.role) ? ` as ${teamRoleWords(text(d.role)!)}` : ""}`,
  "team.role_changed": ({ actor, d, subject }) =>
    `${actor} changed ${subject ? `${subject}'s` : "a team member's"} role` +
    (text(d.from) && text(d.to) ? ` from ${teamRoleWords(text(d.from)!)} to ${teamRoleWords(text(d.to)!)}` : ""),
  "team.member_removed": ({ actor, d, subject }) =>
    `${actor} removed ${subject ?? "a team member"}${text(d.role) ? ` (${teamRoleWords(text(d.role)!)})` : ""} from the team`,
  "team.member_left": ({ actor }) => `${actor} left the team`,
  "team.ownership_transferred": ({ actor, subject }) => `${actor} made ${subject ?? "another team member"} the Owner`,

  "api.key_created": ({ actor, d }) => `${actor} created the API key${apiKeyWords(d)}`,
  "api.key_revoked": ({ actor, d }) => {
    if (d.reason === "maker_role_changed") return `The API key${apiKeyWords(d)} was revoked: its maker's new role cannot manage keys`;
    if (d.reason === "maker_left_agency") return `The API key${apiKeyWords(d)} was revoked: its maker left the agency`;
    return `${actor} revoked the API key${apiKeyWords(d)}`;
  },
  "api.key_used": ({ actor, d }) =>
    `${actor} called the API${text(d.method) && text(d.path) ? `: ${text(d.method)} ${text(d.path)}` : ""}${count(d.status) ? ` (${count(d.status)})` : ""}`,

  "webhook.endpoint_created": ({ actor, d }) => `${actor} added the webhook endpoint${webhookWords(d)}`,
  "webhook.endpoint_updated": ({ actor, d }) => `${actor} edited the webhook endpoint${webhookWords(d)}`,
  "webhook.secret_rotated": ({ actor, d }) => `${actor} made a new signing secret for the webhook endpoint${webhookWords(d)}`,
  "webhook.endpoint_disabled": ({ actor, d }) => `${actor} switched off the webhook endpoint${webhookWords(d)}`,
  "webhook.endpoint_auto_disabled": ({ d }) => {
    const failures = count(d.failures);
    return `The webhook endpoint${webhookWords(d)} was switched off${failures ? ` after ${plural(failures, "failed delivery", "failed deliveries")} in a row` : ""}`;
  },
  "webhook.endpoint_enabled": ({ actor, d }) => `${actor} switched on the webhook endpoint${webhookWords(d)}`,
  "webhook.endpoint_deleted": ({ actor, d }) => `${actor} deleted the webhook endpoint${webhookWords(d)}`,
  "webhook.test_sent": ({ actor, d }) => `${actor} sent a test event to the webhook endpoint${webhookWords(d)}`,
  "webhook.replayed": ({ actor, d }) =>
    `${actor} replayed a webhook delivery${text(d.eventType) ? ` (${eventKindLabel(text(d.eventType)!)})` : ""}`,

  "intake.created": ({ actor, d }) => `${actor} created the intake link${intakeWords(d)}`,
  "intake.updated": ({ actor, d }) => `${actor} edited the intake link${intakeWords(d)}`,
  "intake.disabled": ({ actor, d }) => `${actor} switched off the intake link${intakeWords(d)} (its address no longer works)`,
  "intake.arrived": ({ actor, d }) => `${actor} arrived through the intake link${intakeWords(d)}`,

  "client.created": ({ actor }) => `${actor} added the client`,
  "client.updated": ({ actor }) => `${actor} edited the client's details`,
  "client.archived": ({ actor, d }) => {
    const revoked = count(d.linksRevoked) ?? 0;
    return revoked > 0 ? `${actor} archived the client and revoked ${plural(revoked, "open link")}` : `${actor} archived the client`;
  },
  "client.restored": ({ actor }) => `${actor} restored the client`,

  "link.created": ({ actor, d }) => `${actor} created a link${text(d.role) ? ` asking for ${accessLevelWords(text(d.role)!)} access` : ""}`,
  "link.batch_created": ({ actor, d }) => {
    const links = count(d.links);
    return `${actor} created ${links === null ? "links" : plural(links, "link")} from a CSV upload`;
  },
  "link.sent": ({ actor, d }) => `${actor} emailed the link${text(d.to) ? ` to ${text(d.to)}` : ""}${d.again === true ? " again" : ""}`,
  "link.opened": ({ actor }) => `${actor} opened the link`,
  "link.completed": ({ actor }) => `${actor} confirmed the invitation was sent`,
  "link.declined": ({ actor, d }) => `${actor} declined the request${text(d.reason) ? `: “${text(d.reason)}”` : ""}`,
  "link.new_requested": ({ actor }) => `${actor} asked for a new link`,
  "link.forwarded": ({ actor, d }) =>
    `${actor} forwarded the request to ${text(d.name) ? `${text(d.name)} <${text(d.to) ?? "a colleague"}>` : (text(d.to) ?? "a colleague")}`,
  "link.steps_reported": ({ actor, d }) => `${actor} says Hotjar looks different${text(d.text) ? `: “${text(d.text)}”` : ""}`,
  "link.reissued": ({ actor, d }) => {
    const days = count(d.lifetimeDays);
    return `${actor} reissued the link${days ? ` for ${plural(days, "day")}` : ""}`;
  },
  "link.revoked": ({ actor, d }) =>
    d.reason === "client archived" ? `${actor} revoked the link by archiving the client` : `${actor} revoked the link`,
  "link.expired": () => "The link expired",

  "email.retried": ({ actor }) => `${actor} sent a failed email again`,

  "grant.verified": ({ actor }) => `${actor} verified the access`,
  "grant.revoked": ({ actor }) => `${actor} revoked the access and emailed the client how to remove it`,
  "grant.review_kept": ({ actor, d }) => {
    const next = text(d.nextReviewAt);
    const day = next && !Number.isNaN(new Date(next).getTime()) ? formatDate(next) : null;
    return `${actor} reviewed the access and kept it${day ? `; next review on ${day}` : ""}`;
  },
  "grant.removal_confirmed": ({ actor }) => `${actor} confirmed the access is removed`,
};

/** Whether the type has its own sentence (else describeEvent falls back to the readable code). */
export function isKnownEventType(type: string): boolean {
  return Object.hasOwn(SENTENCES, type);
}

/** "Acme Shoes, 2 sites" / "Acme Shoes, site 1234567": what the event is about. */
function contextWords(e: EventForWords, d: Details): string | null {
  const parts: string[] = [];
  const client = text(e.clientName) ?? (e.type === "client.created" ? text(d.name) : null);
  if (client) parts.push(client);
  if (Array.isArray(d.sites) && d.sites.length > 0) parts.push(plural(d.sites.length, "site"));
  else if (text(d.hotjarSiteId)) parts.push(`site ${text(d.hotjarSiteId)}`);
  return parts.length > 0 ? parts.join(", ") : null;
}

/** The event as a sentence, and what it is about. Any type, any details: never throws. */
export function describeEvent(e: EventForWords): EventWords {
  const d = parseDetails(e.details);
  const actor = actorWords(e);
  const say = SENTENCES[e.type];
  const sentence = say
    ? say({ actor, d, subject: text(e.subjectName), label: text(e.actorLabel) })
    : e.actorType === "system"
      ? readableCode(e.type)
      : `${readableCode(e.type)}, by ${actor}`;
  return { sentence, context: contextWords(e, d) };
}

/** The whole line: "Casey Client confirmed the invitation was sent · Acme Shoes, 2 sites". */
export function eventSentence(e: EventForWords): string {
  const { sentence, context } = describeEvent(e);
  return context ? `${sentence} · ${context}` : sentence;
}

/** The ids of the staff members an event names (the actor, the member it is about), for a name lookup. */
export function eventPeopleIds(e: { type: string; actorType: string; actorId?: string | null; details?: EventForWords["details"] }): {
  actorId: string | null;
  subjectId: string | null;
} {
  const d = parseDetails(e.details);
  return {
    actorId: e.actorType === "staff" ? (e.actorId ?? null) : null,
    // team.role_changed and team.member_removed name the member in `userId`; a transfer in `to`.
    subjectId: text(d.userId) ?? (e.type === "team.ownership_transferred" ? text(d.to) : null),
  };
}
