/** Who may do what, in one table (STYLE.md). Every staff loader and action names one of these. */
export const ROLES = ["OWNER", "ADMIN", "MEMBER"] as const;
export type Role = (typeof ROLES)[number];

const ALL: readonly Role[] = ROLES;
const ADMINS: readonly Role[] = ["OWNER", "ADMIN"];
const OWNERS: readonly Role[] = ["OWNER"];

export const PERMISSIONS = {
  "dashboard:read": ALL,
  "clients:read": ALL,
  "clients:write": ALL,
  "links:read": ALL,
  "links:write": ALL,
  "grants:write": ALL,
  "emails:read": ALL,
  "emails:write": ALL,
  "reviews:read": ALL,
  "reviews:write": ALL,
  "audit:read": ADMINS,
  "team:manage": ADMINS,
  "team:transfer": OWNERS,
  "settings:write": ADMINS,
  /** Creating and revoking the agency's API keys (docs/decisions/049). */
  "api:manage": ADMINS,
  /** Webhook endpoints: where events go, their secrets, deliveries and replays (issue 18). */
  "webhooks:manage": ADMINS,
  /** Intake links: public URLs that create clients and links as visitors arrive (issue 18). */
  "intake:manage": ADMINS,
  /** Requiring two-factor sign-in of every member (docs/decisions/047). */
  "settings:security": OWNERS,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: string, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly string[]).includes(role);
}

const RANK: Record<Role, number> = { MEMBER: 1, ADMIN: 2, OWNER: 3 };

/** No one grants a role above their own. */
export function canGrantRole(actor: Role, target: Role): boolean {
  return RANK[target] <= RANK[actor];
}

/** Who may send a staff invitation of `invited` role: a manager of the team, never above their own role. */
export function canSendInvitation(role: string, invited: string): boolean {
  return can(role, "team:manage") && canGrantRole(role as Role, invited as Role);
}

/** Admins manage Members and Admins; only Owners touch Owners. */
export function canManageMember(actor: Role, member: Role): boolean {
  return can(actor, "team:manage") && (member !== "OWNER" || actor === "OWNER");
}
