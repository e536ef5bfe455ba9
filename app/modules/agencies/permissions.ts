/** Who may do what, in one table (STYLE.md). Issue 5 extends it with team and settings. */
export const ROLES = ["OWNER", "ADMIN", "MEMBER"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  "dashboard:read": ["OWNER", "ADMIN", "MEMBER"],
  "clients:read": ["OWNER", "ADMIN", "MEMBER"],
  "clients:write": ["OWNER", "ADMIN", "MEMBER"],
  "links:read": ["OWNER", "ADMIN", "MEMBER"],
  "links:write": ["OWNER", "ADMIN", "MEMBER"],
  "grants:write": ["OWNER", "ADMIN", "MEMBER"],
  "emails:read": ["OWNER", "ADMIN", "MEMBER"],
  "emails:write": ["OWNER", "ADMIN", "MEMBER"],
  "settings:write": ["OWNER", "ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: string, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly string[]).includes(role);
}
