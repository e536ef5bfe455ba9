import { z } from "zod";

import type {
  InstructionStep,
  InvitePath,
  InviteStepsInput,
  Platform,
  PlatformRoleNames,
  PortalRole,
  RemovalStepsInput,
  SourceArticle,
} from "./platform";

/**
 * Hotjar facts as data (DESIGN.md section 5). Hotjar has no user-management API, so every grant
 * is done by the client in Hotjar's UI; this module only says how, and the words live in
 * app/locales (`hotjar.*`) so the page and the emails read in the client's language. Menu names
 * change: keep Hotjar's labels here and nowhere else.
 *
 * Documented in HOTJAR_SOURCES (checked on HOTJAR_STEPS_CHECKED_ON): team access is granted per
 * Organization and covers every site in it; the levels are "Read Only", "Read & Write" and
 * "Admin" (plus one Account Owner); profile icon -> Invite Members -> Organization -> email and
 * access level -> Send Invites; only an Admin or the Account Owner can invite or remove (the X
 * beside the member on the Team page). Only third-party guides describe a site's own Team tab with
 * "Viewer" / "User", and the 7-day invitation lifetime: the page offers that path as "my screen
 * looks different", never first.
 */

/** When the steps below were last compared with HOTJAR_SOURCES; the client's page shows it. */
export const HOTJAR_STEPS_CHECKED_ON = "2026-12-04";

const article = (id: string, title: string): SourceArticle => ({ id, title, url: `https://help.hotjar.com/hc/en-us/articles/${id}` });

/** Hotjar's help-centre articles the steps follow. */
export const HOTJAR_SOURCES: SourceArticle[] = [
  article("115011585927", "How to Add or Remove Team Members"),
  article("115011734788", "Team Member Permissions"),
  article("360003400534", "How to Revoke Team Member Access to an Organization"),
  article("115009348827", "How to Add Organizations and Sites"),
];

/**
 * Hotjar's own UI labels, quoted by the steps in Hotjar's English in every language: Hotjar's
 * app is not translated, so a translated label would name a button the client cannot find.
 */
export const HOTJAR_UI = {
  inviteMembers: "Invite Members",
  sendInvites: "Send Invites",
  settings: "Settings",
  team: "Team",
  invite: "Invite",
} as const;

/** An invitation nobody accepted lapses after this many days and must be sent again. */
export const HOTJAR_INVITATION_LIFETIME_DAYS = 7;

/** No deep link below this is documented by Hotjar, so steps link only to the app's home. */
export const HOTJAR_APP_URL = "https://insights.hotjar.com/";

export const hotjarSiteIdSchema = z
  .string()
  .trim()
  .regex(/^\d{1,12}$/, "Hotjar site IDs are digits only, e.g. 1234567");

/** What the site-id field of a form accepts, in words the user can act on. */
export const HOTJAR_SITE_ID_INPUT_HELP =
  "Enter the site ID (digits, e.g. 1234567) or paste the site's Hotjar address, like insights.hotjar.com/site/1234567/overview";

// The app's addresses name the site as /site/<id>/... or /sites/<id>/... (on insights.hotjar.com).
const SITE_IN_PATH = /(?:^|\/)sites?\/(\d+)(?:\/|$)/i;

/**
 * The site id in what a user typed or pasted: the digits themselves, or a Hotjar address that
 * names a site (`https://insights.hotjar.com/site/1234567/overview`, with or without the scheme,
 * `/sites/`, trailing slashes, a query string or a fragment). Null for anything else, including
 * an address on another host, so a form can say what to paste instead.
 */
export function hotjarSiteIdFrom(input: string): string | null {
  const text = input.trim();
  const digits = hotjarSiteIdSchema.safeParse(text);
  if (digits.success) return digits.data;
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  if (host !== "hotjar.com" && !host.endsWith(".hotjar.com")) return null;
  const id = SITE_IN_PATH.exec(url.pathname)?.[1];
  if (id === undefined) return null;
  const parsed = hotjarSiteIdSchema.safeParse(id);
  return parsed.success ? parsed.data : null;
}

export const hotjarOrganizationIdSchema = z
  .string()
  .trim()
  .regex(/^\d{1,12}$/, "Hotjar organization IDs are digits only, e.g. 123456");

// Ours first, then Hotjar's documented level, then what accounts with a site Team tab show.
const ROLES: Record<PortalRole, PlatformRoleNames> = {
  VIEWER: { name: "Viewer", platformName: "Read Only", otherPlatformName: "Viewer" },
  USER: { name: "User", platformName: "Read & Write", otherPlatformName: "User" },
};

/** For staff: our role with Hotjar's official name next to it, e.g. `Viewer (Hotjar: Read Only)`. */
export function roleLabel(role: PortalRole): string {
  const names = ROLES[role];
  return `${names.name} (Hotjar: ${names.platformName})`;
}

const signIn: InstructionStep = { id: "signIn", values: {}, href: HOTJAR_APP_URL };

function sitesValue(siteIds: string[]): string {
  return siteIds.join(", ");
}

function emailAndLevel(id: string, granteeEmail: string, level: string, values: Record<string, string> = {}): InstructionStep {
  return {
    id,
    values: { email: granteeEmail, level, ...values },
    copy: [
      { label: "email", value: granteeEmail },
      { label: "accessLevel", value: level },
    ],
  };
}

// Where the client picks what to share: Hotjar shares every site of the Organization, so the page warns here.
const ORGANIZATION_WIDE = "path.organization.warning";

function chooseOrganization(siteIds: string[], organizationId?: string): InstructionStep {
  if (organizationId) {
    return {
      id: "chooseOrganizationById",
      values: { organizationId },
      copy: [{ label: "organizationId", value: organizationId }],
      warning: ORGANIZATION_WIDE,
    };
  }
  if (siteIds.length === 0) return { id: "chooseOrganizationAny", values: {}, warning: ORGANIZATION_WIDE };
  return { id: "chooseOrganization", values: { sites: sitesValue(siteIds) }, warning: ORGANIZATION_WIDE };
}

function chooseSite(siteIds: string[]): InstructionStep {
  const [first] = siteIds;
  if (first === undefined) return { id: "chooseSiteAny", values: {} };
  return {
    id: "chooseSite",
    values: { site: first, sites: sitesValue(siteIds), count: siteIds.length },
    copy: [{ label: "siteId", value: first }],
  };
}

function inviteSteps({ granteeEmail, role, siteIds, organizationId }: InviteStepsInput): InvitePath[] {
  const names = ROLES[role];
  // Hotjar's documented path: Organization-wide, so the page warns before it (hotjar.path.organization.warning).
  const organizationPath: InvitePath = {
    id: "organization",
    documented: true,
    grantsExactlyOneSite: false,
    steps: [
      signIn,
      { id: "openInviteMembers", values: { inviteMembers: HOTJAR_UI.inviteMembers } },
      chooseOrganization(siteIds, organizationId),
      emailAndLevel("emailAndLevel", granteeEmail, names.platformName),
      { id: "sendInvites", values: { sendInvites: HOTJAR_UI.sendInvites } },
    ],
  };
  // Seen only in third-party guides: some accounts invite on a site's own Team tab.
  const siteTeamPath: InvitePath = {
    id: "site-team",
    documented: false,
    grantsExactlyOneSite: true,
    steps: [
      signIn,
      chooseSite(siteIds),
      { id: "openSiteTeam", values: { settings: HOTJAR_UI.settings, team: HOTJAR_UI.team } },
      emailAndLevel("inviteOnSite", granteeEmail, names.otherPlatformName ?? names.platformName, {
        invite: HOTJAR_UI.invite,
        documentedLevel: names.platformName,
      }),
      { id: "sendOnSite", values: {} },
    ],
  };
  return [organizationPath, siteTeamPath];
}

/**
 * The documented path again, for a client whose invitation lapsed: the same steps, ending with
 * sending it (a reminder email has no page to come back to).
 */
function resendSteps(input: InviteStepsInput): InstructionStep[] {
  const [documented] = inviteSteps(input);
  return documented!.steps.map((step) => (step.id === "sendInvites" ? { ...step, id: "sendInvitesAgain" } : step));
}

function removalSteps({ granteeEmail, siteIds, organizationId }: RemovalStepsInput): InstructionStep[] {
  return [
    signIn,
    organizationId
      ? { id: "openTeamOfOrganization", values: { team: HOTJAR_UI.team, organizationId } }
      : { id: "openTeam", values: { team: HOTJAR_UI.team, sites: sitesValue(siteIds) } },
    { id: "findMember", values: { email: granteeEmail }, copy: [{ label: "email", value: granteeEmail }] },
    { id: "removeMember", values: { email: granteeEmail } },
  ];
}

export const hotjar: Platform = {
  id: "hotjar",
  name: "Hotjar",
  grantMode: "manual",
  siteIdSchema: hotjarSiteIdSchema,
  organizationIdSchema: hotjarOrganizationIdSchema,
  roles: ROLES,
  roleLabel,
  inviteSteps,
  resendSteps,
  removalSteps,
  stepsCheckedOn: HOTJAR_STEPS_CHECKED_ON,
  sources: HOTJAR_SOURCES,
  invitationLifetimeDays: HOTJAR_INVITATION_LIFETIME_DAYS,
};
