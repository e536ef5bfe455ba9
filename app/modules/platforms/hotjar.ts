import { z } from "zod";

import type { InstructionStep, InvitePath, InviteStepsInput, Platform, PlatformRoleNames, PortalRole, RemovalStepsInput } from "./platform";

/**
 * Hotjar facts as data (DESIGN.md section 5). Hotjar has no user-management API, so every grant
 * is done by the client in Hotjar's UI; this module only says how. Menu names change: keep the
 * wording here and nowhere else. Checked against the help-centre articles in HOTJAR_HELP_ARTICLES:
 * team access is per Organization (every site in it), levels "Read Only" / "Read & Write" /
 * "Admin", removal from the Team page. Not found there, taken from DESIGN.md: the newer role names
 * "Viewer" / "User", a site's own Team tab (so its steps say what to do when it is missing) and
 * the 7-day invitation lifetime.
 */

/** An invitation nobody accepted lapses after this many days and must be sent again. */
export const HOTJAR_INVITATION_LIFETIME_DAYS = 7;

/** No deep link below this is documented by Hotjar, so steps link only to the app's home. */
export const HOTJAR_APP_URL = "https://insights.hotjar.com/";

/** Help-centre pages for "learn more" links (not used inside the steps themselves). */
export const HOTJAR_HELP_ARTICLES = {
  addTeamMembers: "https://help.hotjar.com/hc/en-us/articles/115011585927",
  revokeTeamMember: "https://help.hotjar.com/hc/en-us/articles/360003400534",
  permissions: "https://help.hotjar.com/hc/en-us/articles/115011734788",
} as const;

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

// Hotjar's current names first, then the older names its help centre still uses.
const ROLES: Record<PortalRole, PlatformRoleNames> = {
  VIEWER: {
    name: "Viewer",
    alsoKnownAs: "Read Only",
    summary: "Can view collected data (recordings, heatmaps, survey responses); cannot create, change or delete anything.",
  },
  USER: {
    name: "User",
    alsoKnownAs: "Read & Write",
    summary: "Can also create and edit items such as heatmaps and surveys; cannot manage the team, sites or billing.",
  },
};

/** Hotjar's own words for a portal role, e.g. `Viewer ("Read Only")`. */
export function roleLabel(role: PortalRole): string {
  const names = ROLES[role];
  return names.alsoKnownAs ? `${names.name} ("${names.alsoKnownAs}")` : names.name;
}

const PREREQUISITE =
  "Only a Hotjar Admin or the Account Owner can send invitations. If that isn't you, forward this page to someone who is.";

const signIn: InstructionStep = { text: "Sign in to Hotjar.", href: HOTJAR_APP_URL };

function emailStep(granteeEmail: string, action: string): InstructionStep {
  return { text: `${action}, then enter our email address.`, copy: { label: "Email", value: granteeEmail } };
}

function roleStep(role: PortalRole): InstructionStep {
  const names = ROLES[role];
  const aka = names.alsoKnownAs ? ` (some accounts call it "${names.alsoKnownAs}")` : "";
  return {
    text: `Set the access level to "${names.name}"${aka}. That is all we need.`,
    copy: { label: "Role", value: names.name },
  };
}

const sendStep: InstructionStep = {
  text: `Send the invitation, then come back to this page and confirm. Hotjar invitations expire after ${HOTJAR_INVITATION_LIFETIME_DAYS} days if we don't accept them.`,
};

function siteList(siteIds: string[]): string {
  return siteIds.join(", ");
}

function chooseSiteStep(siteIds: string[]): InstructionStep {
  const [first] = siteIds;
  if (first === undefined) {
    return { text: "Switch to the site you want to share with us (site picker at the top of the page)." };
  }
  const repeat = siteIds.length > 1 ? ` Repeat the steps below for each site we ask for: ${siteList(siteIds)}.` : "";
  return {
    text: `Switch to the site with ID ${first} (site picker at the top of the page).${repeat}`,
    copy: { label: "Site ID", value: first },
  };
}

function chooseOrganizationStep(siteIds: string[], organizationId?: string): InstructionStep {
  if (organizationId) {
    return {
      text: `Make sure the selected organization is the one with ID ${organizationId}.`,
      copy: { label: "Organization ID", value: organizationId },
    };
  }
  const [first] = siteIds;
  if (first === undefined) {
    return { text: "Select the organization that holds the site you want to share." };
  }
  return {
    text: `Select the organization that holds site ${siteList(siteIds)}.`,
    copy: { label: "Site ID", value: first },
  };
}

function inviteSteps({ granteeEmail, role, siteIds, organizationId }: InviteStepsInput): InvitePath[] {
  const sitePath: InvitePath = {
    id: "site-team",
    title: "Invite us to this site only (the site's Settings > Team)",
    grantsExactlyOneSite: true,
    prerequisite: PREREQUISITE,
    steps: [
      signIn,
      chooseSiteStep(siteIds),
      {
        text: "Open the site's Settings, then its Team tab. No Team tab there? Your account shares whole organizations only: use the other option.",
      },
      emailStep(granteeEmail, "Click Invite"),
      roleStep(role),
      sendStep,
    ],
  };

  const organizationPath: InvitePath = {
    id: "organization-team",
    title: "Invite us to the organization (Organization settings > Team)",
    grantsExactlyOneSite: false,
    warning:
      "This gives us access to every site in that Hotjar organization, not only the site we ask for. " +
      "Hotjar's own advice is to keep each client's site in an organization of its own. " +
      "If this organization holds other sites you don't want us to see, stop here and tell us.",
    prerequisite: PREREQUISITE,
    steps: [
      signIn,
      {
        text: "Click your profile icon, then Organization settings, and open the Team tab. (Some accounts show Invite members directly in the profile menu.)",
      },
      chooseOrganizationStep(siteIds, organizationId),
      emailStep(granteeEmail, "Click Invite Team Member (or Invite members)"),
      roleStep(role),
      sendStep,
    ],
  };

  // Narrowest first: the page should offer the one-site path before the organization-wide one.
  return [sitePath, organizationPath];
}

function removalSteps({ granteeEmail, siteIds, organizationId }: RemovalStepsInput): InstructionStep[] {
  const organization = organizationId ? ` of organization ${organizationId}` : "";
  const site = siteIds.length > 0 ? `site ${siteList(siteIds)}` : "the site";
  return [
    signIn,
    {
      text: `Open the Team list where you invited us: Organization settings > Team${organization}, or the Settings > Team tab of ${site} if you invited us to that site only.`,
    },
    { text: "Find our email address in the list.", copy: { label: "Email", value: granteeEmail } },
    {
      text: `Remove ${granteeEmail}: click the X (or the ⋯ menu, then Remove) in that row and confirm. Our access ends as soon as you confirm.`,
    },
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
  removalSteps,
  notAsked: [
    "No password: you never share your Hotjar login with us.",
    "No Admin or Owner role: we can't change your settings, sites, team or tracking.",
    "No billing access: your plan, payment details and invoices stay private.",
    "Not the whole organization: we ask only for the site named here, and this page warns you before any step that would share more.",
  ],
  invitationLifetimeDays: HOTJAR_INVITATION_LIFETIME_DAYS,
};
