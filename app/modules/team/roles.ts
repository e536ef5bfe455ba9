import type { Role } from "~/modules/agencies/permissions";

/** A staff role as people say it (issue 15: roles as words, not OWNER or owner). */
export const ROLE_NAMES: Record<Role, string> = { OWNER: "Owner", ADMIN: "Admin", MEMBER: "Member" };

/** "Owner", "Admin", "Member"; anything else as it is. */
export function roleName(role: string): string {
  return ROLE_NAMES[role as Role] ?? role;
}
