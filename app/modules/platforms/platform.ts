import type { z } from "zod";

/**
 * What the portal needs to know about a platform it requests access to. Hotjar has no
 * user-management API, so its grants are "manual": the client follows steps in the platform's
 * own UI and confirms. The shape leaves room for "api" platforms (the portal grants by itself)
 * without building one now.
 */

/** The only roles the portal ever requests; never Admin or Owner. */
export const PORTAL_ROLES = ["VIEWER", "USER"] as const;
export type PortalRole = (typeof PORTAL_ROLES)[number];

/** What a copy button is labelled with: a message id under `hotjar.copy.` in app/locales. */
export type CopyLabel = "email" | "accessLevel" | "siteId" | "organizationId";

/** A value the client copies into the platform's UI (a copy button on the page). */
export type CopyValue = { label: CopyLabel; value: string };

/**
 * One step, as data: `id` names its message (`hotjar.step.<id>` in app/locales, so it reads in the
 * client's language) and `values` fills it: the platform's UI labels (in the platform's own
 * language) and this request's facts. Formatted by `stepText` (app/modules/platforms/step-text.ts).
 */
export type InstructionStep = {
  id: string;
  values: Record<string, string | number>;
  copy?: CopyValue[];
  href?: string;
  /** A warning shown with the step (message id under `hotjar.`), e.g. that it shares a whole Organization. */
  warning?: string;
};

/** One way of sending the invitation in the platform's UI. */
export type InvitePath = {
  id: string;
  /** True only when this path cannot give access to anything but the requested site. */
  grantsExactlyOneSite: boolean;
  /** True for the path the platform's own documentation describes: the page leads with it. */
  documented: boolean;
  steps: InstructionStep[];
};

export type InviteStepsInput = {
  granteeEmail: string;
  role: PortalRole;
  /** Requested site ids; empty when the client chooses the site on the page. */
  siteIds: string[];
  organizationId?: string;
};

export type RemovalStepsInput = {
  granteeEmail: string;
  siteIds: string[];
  organizationId?: string;
};

/**
 * A portal role and the platform's names for it, kept as data because UIs rename things: `name` is
 * ours, `platformName` the platform's documented access level, `otherPlatformName` what some
 * accounts show instead.
 */
export type PlatformRoleNames = { name: string; platformName: string; otherPlatformName?: string };

/** A help-centre article the steps follow. */
export type SourceArticle = { id: string; title: string; url: string };

/** Reserved for platforms with a real API; no platform implements it yet. */
export type PlatformGrantApi = {
  grant(input: InviteStepsInput & { siteId: string }): Promise<{ externalId: string }>;
  revoke(input: { externalId: string }): Promise<void>;
};

export type Platform = {
  id: string;
  name: string;
  grantMode: "manual" | "api";
  /** Present only when grantMode is "api". */
  api?: PlatformGrantApi;
  siteIdSchema: z.ZodType<string, z.ZodTypeDef, unknown>;
  organizationIdSchema: z.ZodType<string, z.ZodTypeDef, unknown>;
  roles: Record<PortalRole, PlatformRoleNames>;
  roleLabel(role: PortalRole): string;
  inviteSteps(input: InviteStepsInput): InvitePath[];
  /** The documented path for sending a lapsed invitation again (in a reminder email). */
  resendSteps(input: InviteStepsInput): InstructionStep[];
  removalSteps(input: RemovalStepsInput): InstructionStep[];
  /** The day the steps were last checked against the articles (YYYY-MM-DD). */
  stepsCheckedOn: string;
  sources: SourceArticle[];
  /** Days before an unaccepted invitation lapses on the platform; null when it never does. */
  invitationLifetimeDays: number | null;
};
