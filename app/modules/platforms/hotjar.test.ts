import { describe, expect, it } from "vitest";

import { hotjar, HOTJAR_APP_URL, HOTJAR_INVITATION_LIFETIME_DAYS, hotjarSiteIdFrom, roleLabel } from "./hotjar";
import type { InstructionStep, PortalRole } from "./platform";

const granteeEmail = "hotjar@example-agency.com";
const allText = (steps: InstructionStep[]) =>
  steps.map((s) => [s.text, s.copy?.label, s.copy?.value, s.href].filter(Boolean).join(" ")).join("\n");

describe("hotjar site and organization ids", () => {
  it.each(["1234567", "1", "123456789012", "  1234567  "])("accepts %j", (id) => {
    expect(hotjar.siteIdSchema.parse(id)).toBe(id.trim());
  });

  it.each(["", "   ", "abc", "12a34", "1234567890123", "-1", "12 34", "1.5", "１２３"])("refuses %j", (id) => {
    const result = hotjar.siteIdSchema.safeParse(id);
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error.issues[0]?.message).toBe("Hotjar site IDs are digits only, e.g. 1234567");
    }
  });

  it("refuses non-strings", () => {
    expect(hotjar.siteIdSchema.safeParse(1234567).success).toBe(false);
  });

  it("validates organization ids as digits", () => {
    expect(hotjar.organizationIdSchema.parse(" 98765 ")).toBe("98765");
    expect(hotjar.organizationIdSchema.safeParse("org-1").success).toBe(false);
  });
});

describe("hotjarSiteIdFrom: a typed id or a pasted Hotjar address", () => {
  it.each([
    ["1234567", "1234567"],
    ["  1234567 ", "1234567"],
    ["https://insights.hotjar.com/site/1234567/overview", "1234567"],
    ["https://insights.hotjar.com/sites/1234567/heatmaps", "1234567"],
    ["insights.hotjar.com/site/1234567/overview", "1234567"],
    ["insights.hotjar.com/sites/1234567", "1234567"],
    ["http://insights.hotjar.com/site/1234567", "1234567"],
    ["https://insights.hotjar.com/site/1234567/", "1234567"],
    ["https://insights.hotjar.com/sites/1234567//", "1234567"],
    ["https://insights.hotjar.com/site/1234567/overview?date=last_7_days&x=1", "1234567"],
    ["https://insights.hotjar.com/site/1234567?from=email", "1234567"],
    ["https://insights.hotjar.com/sites/1234567/recordings#top", "1234567"],
    ["  https://insights.hotjar.com/site/1234567/overview  ", "1234567"],
    ["HTTPS://INSIGHTS.HOTJAR.COM/SITE/1234567/OVERVIEW", "1234567"],
    ["https://hotjar.com/site/7654321", "7654321"],
  ])("reads %j as %j", (input, id) => {
    expect(hotjarSiteIdFrom(input)).toBe(id);
  });

  it.each([
    "",
    "   ",
    "abc",
    "12ab34",
    "1234567890123",
    "https://insights.hotjar.com/",
    "https://insights.hotjar.com/overview",
    "https://insights.hotjar.com/site/",
    "https://insights.hotjar.com/site/abc/overview",
    "https://insights.hotjar.com/site/1234567890123/overview",
    "https://insights.hotjar.com/settings/1234567",
    "https://insights.hotjar.com/sitemap/1234567",
    "https://example.com/site/1234567/overview",
    "https://hotjar.com.example.com/site/1234567",
    "https://evilhotjar.com/site/1234567",
    "javascript:alert(1)",
    "ftp://insights.hotjar.com/site/1234567",
    "insights hotjar com/site/1234567",
  ])("refuses %j", (input) => {
    expect(hotjarSiteIdFrom(input)).toBeNull();
  });
});

describe("hotjar roles", () => {
  it("uses Hotjar's own words", () => {
    expect(roleLabel("VIEWER")).toBe('Viewer ("Read Only")');
    expect(roleLabel("USER")).toBe('User ("Read & Write")');
    expect(hotjar.roleLabel("VIEWER")).toBe(roleLabel("VIEWER"));
  });
});

describe("hotjar invite steps", () => {
  const roles: PortalRole[] = ["VIEWER", "USER"];

  it.each(roles)("gives both paths with the grantee email and %s role as copy values", (role) => {
    const paths = hotjar.inviteSteps({ granteeEmail, role, siteIds: ["1234567"] });
    expect(paths.map((p) => p.id)).toEqual(["site-team", "organization-team"]);
    for (const path of paths) {
      const copies = path.steps.flatMap((s) => (s.copy ? [s.copy] : []));
      expect(copies).toContainEqual({ label: "Email", value: granteeEmail });
      expect(copies).toContainEqual({ label: "Role", value: hotjar.roles[role].name });
      expect(path.steps.length).toBeGreaterThanOrEqual(4);
      for (const step of path.steps) expect(step.text.trim()).not.toBe("");
    }
  });

  it("the site path grants exactly one site; the organization path warns it grants them all", () => {
    const [site, organization] = hotjar.inviteSteps({ granteeEmail, role: "VIEWER", siteIds: ["1234567"] });
    expect(site!.grantsExactlyOneSite).toBe(true);
    expect(organization!.grantsExactlyOneSite).toBe(false);
    expect(organization!.warning).toMatch(/every site in that Hotjar organization/);
    expect(organization!.warning).toMatch(/organization of its own/);
  });

  it("never requests Admin or Owner", () => {
    for (const role of roles) {
      for (const path of hotjar.inviteSteps({ granteeEmail, role, siteIds: ["1"], organizationId: "2" })) {
        // The prerequisite may say an Admin must send the invite; the steps never ask for that role.
        expect(allText(path.steps)).not.toMatch(/admin|owner/i);
        expect(`${path.title} ${path.warning ?? ""}`).not.toMatch(/admin|owner/i);
      }
    }
    expect(
      Object.values(hotjar.roles)
        .map((r) => `${r.name} ${r.alsoKnownAs}`)
        .join(" "),
    ).not.toMatch(/admin|owner/i);
  });

  it("names the site and organization ids when known", () => {
    const [site, organization] = hotjar.inviteSteps({
      granteeEmail,
      role: "USER",
      siteIds: ["1234567"],
      organizationId: "7654321",
    });
    expect(site!.steps.map((s) => s.copy)).toContainEqual({ label: "Site ID", value: "1234567" });
    expect(organization!.steps.map((s) => s.copy)).toContainEqual({ label: "Organization ID", value: "7654321" });
  });

  it("handles several sites and a site the client chooses", () => {
    const [several] = hotjar.inviteSteps({ granteeEmail, role: "VIEWER", siteIds: ["111", "222"] });
    expect(allText(several!.steps)).toMatch(/111, 222/);
    const [chosen] = hotjar.inviteSteps({ granteeEmail, role: "VIEWER", siteIds: [] });
    expect(allText(chosen!.steps)).toMatch(/site you want to share/);
  });

  it("links only to Hotjar's app home, and states the invitation lifetime", () => {
    for (const path of hotjar.inviteSteps({ granteeEmail, role: "VIEWER", siteIds: ["1"] })) {
      const hrefs = path.steps.flatMap((s) => (s.href ? [s.href] : []));
      expect(hrefs).toEqual([HOTJAR_APP_URL]);
      expect(allText(path.steps)).toMatch(/expire after 7 days/);
    }
    expect(hotjar.invitationLifetimeDays).toBe(HOTJAR_INVITATION_LIFETIME_DAYS);
  });
});

describe("hotjar removal steps and what is never asked", () => {
  it("names the grantee to remove", () => {
    const steps = hotjar.removalSteps({ granteeEmail, siteIds: ["1234567"], organizationId: "42" });
    expect(steps.map((s) => s.copy)).toContainEqual({ label: "Email", value: granteeEmail });
    expect(steps.some((s) => s.text.includes(granteeEmail))).toBe(true);
    expect(allText(steps)).toMatch(/Team/);
    expect(allText(steps)).toMatch(/Remove/);
    expect(allText(steps)).toMatch(/1234567/);
  });

  it("lists what the client is not asked for", () => {
    const text = hotjar.notAsked.join("\n");
    for (const phrase of ["No password", "No Admin or Owner role", "No billing access", "Not the whole organization"]) {
      expect(text).toContain(phrase);
    }
  });

  it("is a manual platform", () => {
    expect(hotjar.grantMode).toBe("manual");
    expect(hotjar.api).toBeUndefined();
  });
});
