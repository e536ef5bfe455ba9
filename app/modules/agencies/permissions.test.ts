import { describe, expect, it } from "vitest";

import { can, canGrantRole, canManageMember, type Permission, PERMISSIONS, type Role, ROLES } from "./permissions";

// The expected table, written out by hand: changing who may do what must change this test too.
const EXPECTED: Record<Permission, Role[]> = {
  "dashboard:read": ["OWNER", "ADMIN", "MEMBER"],
  "clients:read": ["OWNER", "ADMIN", "MEMBER"],
  "clients:write": ["OWNER", "ADMIN", "MEMBER"],
  "links:read": ["OWNER", "ADMIN", "MEMBER"],
  "links:write": ["OWNER", "ADMIN", "MEMBER"],
  "grants:write": ["OWNER", "ADMIN", "MEMBER"],
  "emails:read": ["OWNER", "ADMIN", "MEMBER"],
  "emails:write": ["OWNER", "ADMIN", "MEMBER"],
  "reviews:read": ["OWNER", "ADMIN", "MEMBER"],
  "reviews:write": ["OWNER", "ADMIN", "MEMBER"],
  "audit:read": ["OWNER", "ADMIN"],
  "team:manage": ["OWNER", "ADMIN"],
  "team:transfer": ["OWNER"],
  "settings:write": ["OWNER", "ADMIN"],
  "settings:security": ["OWNER"],
  "api:manage": ["OWNER", "ADMIN"],
  "webhooks:manage": ["OWNER", "ADMIN"],
  "intake:manage": ["OWNER", "ADMIN"],
};

describe("permission table", () => {
  it("lists exactly the expected permissions", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const cases = (Object.keys(EXPECTED) as Permission[]).flatMap((permission) =>
    ROLES.map((role) => ({ permission, role, allowed: EXPECTED[permission].includes(role) })),
  );
  it.each(cases)("$role $permission -> $allowed", ({ permission, role, allowed }) => {
    expect(can(role, permission)).toBe(allowed);
  });

  it("refuses unknown roles", () => {
    expect(can("SUPERUSER", "dashboard:read")).toBe(false);
    expect(can("", "team:manage")).toBe(false);
  });
});

describe("role rules", () => {
  it.each([
    ["OWNER", "OWNER", true],
    ["OWNER", "ADMIN", true],
    ["OWNER", "MEMBER", true],
    ["ADMIN", "OWNER", false],
    ["ADMIN", "ADMIN", true],
    ["ADMIN", "MEMBER", true],
    ["MEMBER", "OWNER", false],
    ["MEMBER", "ADMIN", false],
    ["MEMBER", "MEMBER", true],
  ] as const)("%s may grant %s: %s", (actor, target, allowed) => {
    expect(canGrantRole(actor, target)).toBe(allowed);
  });

  it.each([
    ["OWNER", "OWNER", true],
    ["OWNER", "ADMIN", true],
    ["OWNER", "MEMBER", true],
    ["ADMIN", "OWNER", false],
    ["ADMIN", "ADMIN", true],
    ["ADMIN", "MEMBER", true],
    ["MEMBER", "OWNER", false],
    ["MEMBER", "ADMIN", false],
    ["MEMBER", "MEMBER", false],
  ] as const)("%s may manage a %s: %s", (actor, member, allowed) => {
    expect(canManageMember(actor, member)).toBe(allowed);
  });
});
