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

/** A value the client copies into the platform's UI (a copy button on the page). */
export type CopyValue = { label: string; value: string };

export type InstructionStep = { text: string; copy?: CopyValue; href?: string };

/** One way of sending the invitation in the platform's UI. */
export type InvitePath = {
  id: string;
  title: string;
  /** True only when this path cannot give access to anything but the requested site. */
  grantsExactlyOneSite: boolean;
  /** Shown prominently before the steps, e.g. "every site in the organization becomes visible". */
  warning?: string;
  /** What the client must be (or have) to follow this path at all. */
  prerequisite?: string;
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

/** The platform's own names for a portal role, kept as data because UIs rename things. */
export type PlatformRoleNames = { name: string; alsoKnownAs?: string; summary: string };

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
  removalSteps(input: RemovalStepsInput): InstructionStep[];
  /** What the portal never asks for, phrased for the client. */
  notAsked: string[];
  /** Days before an unaccepted invitation lapses on the platform; null when it never does. */
  invitationLifetimeDays: number | null;
};
