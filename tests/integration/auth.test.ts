import { describe, expect, it } from "vitest";

import { logIn, signUp } from "~/modules/auth/auth.server";
import { LoginSchema, SignupSchema } from "~/modules/auth/schemas";
import { db } from "~/modules/db/db.server";

const PASSWORD = "correct horse battery staple";

const signup = (email: string, agencyName = "Northwind Analytics") =>
  signUp(SignupSchema.parse({ name: "Olivia Owner", email, password: PASSWORD, agencyName, granteeEmail: "" }));
const login = (email: string, password: string) => logIn(LoginSchema.parse({ email, password }));

describe("signUp", () => {
  it("creates the user, the agency and an OWNER membership", async () => {
    const result = await signup("Olivia@Northwind.example");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.agencySlug).toBe("northwind-analytics");

    const user = await db.user.findUniqueOrThrow({ where: { id: result.userId }, include: { memberships: { include: { agency: true } } } });
    expect(user.email).toBe("olivia@northwind.example"); // normalised by the schema
    expect(user.memberships).toHaveLength(1);
    expect(user.memberships[0]).toMatchObject({ role: "OWNER" });
    expect(user.memberships[0]!.agency).toMatchObject({
      name: "Northwind Analytics",
      slug: "northwind-analytics",
      granteeEmail: "olivia@northwind.example", // defaults to the owner's address
    });
    expect(await db.event.count({ where: { agencyId: user.memberships[0]!.agencyId, type: "agency.created" } })).toBe(1);
  });

  it("stores the password only as an argon2id hash", async () => {
    const result = await signup("hash@northwind.example", "Hash Agency");
    if (!result.ok) throw new Error(result.message);
    const user = await db.user.findUniqueOrThrow({ where: { id: result.userId } });
    expect(user.passwordHash.startsWith("$argon2id$")).toBe(true);
    expect(user.passwordHash).not.toContain(PASSWORD);
  });

  it("refuses a duplicate email (whatever its case) and creates nothing", async () => {
    await signup("dup@northwind.example", "Dup Agency");
    const users = await db.user.count();
    const agencies = await db.agency.count();
    const again = await signup("DUP@northwind.example", "Another Agency");
    expect(again).toMatchObject({ ok: false, field: "email" });
    expect(await db.user.count()).toBe(users);
    expect(await db.agency.count()).toBe(agencies);
  });

  it("gives a second agency with the same name its own slug", async () => {
    const first = await signup("one@same.example", "Same Name");
    const second = await signup("two@same.example", "Same Name");
    if (!first.ok || !second.ok) throw new Error("refused");
    expect(first.agencySlug).toBe("same-name");
    expect(second.agencySlug).toMatch(/^same-name-[0-9a-f]{6}$/);
  });
});

describe("logIn", () => {
  it("accepts the right password and returns the agency", async () => {
    const created = await signup("login@northwind.example", "Login Agency");
    if (!created.ok) throw new Error(created.message);
    expect(await login("Login@Northwind.example", PASSWORD)).toEqual({
      ok: true,
      userId: created.userId,
      agencySlug: created.agencySlug,
      twoFactor: false,
    });
  });

  it("answers a wrong password and an unknown email identically", async () => {
    await signup("known@northwind.example", "Known Agency");
    const wrongPassword = await login("known@northwind.example", "not the password");
    const unknownEmail = await login("nobody@northwind.example", PASSWORD);
    expect(wrongPassword).toEqual({ ok: false });
    expect(unknownEmail).toEqual(wrongPassword);
  });
});
