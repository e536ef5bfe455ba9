import { describe, expect, it } from "vitest";

import { LOCALES } from "~/modules/i18n/locales";
import { intlFor } from "~/modules/i18n/messages.server";

import {
  hotjar,
  HOTJAR_APP_URL,
  HOTJAR_INVITATION_LIFETIME_DAYS,
  HOTJAR_SOURCES,
  HOTJAR_STEPS_CHECKED_ON,
  HOTJAR_UI,
  hotjarSiteIdFrom,
  roleLabel,
} from "./hotjar";
import type { InstructionStep, PortalRole } from "./platform";
import { stepText } from "./step-text";

const granteeEmail = "hotjar@example-agency.com";
/** The steps as an English reader sees them: through the real message catalog. */
const en = (steps: InstructionStep[]) => steps.map((s) => stepText(intlFor("en"), s));
const allText = (steps: InstructionStep[]) => en(steps).join("\n");

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
  it("shows ours with Hotjar's documented level next to it", () => {
    expect(roleLabel("VIEWER")).toBe("Viewer (Hotjar: Read Only)");
    expect(roleLabel("USER")).toBe("User (Hotjar: Read & Write)");
    expect(hotjar.roleLabel("VIEWER")).toBe(roleLabel("VIEWER"));
  });
});

describe("hotjar's sources and check date", () => {
  it("names the four help-centre articles the steps follow, on Hotjar's help centre", () => {
    expect(HOTJAR_SOURCES.map((a) => a.id)).toEqual(["115011585927", "115011734788", "360003400534", "115009348827"]);
    for (const a of HOTJAR_SOURCES) expect(a.url).toBe(`https://help.hotjar.com/hc/en-us/articles/${a.id}`);
    expect(hotjar.sources).toBe(HOTJAR_SOURCES);
  });

  it("records the day the steps were checked, a real date not in the future", () => {
    expect(HOTJAR_STEPS_CHECKED_ON).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const day = new Date(`${HOTJAR_STEPS_CHECKED_ON}T00:00:00Z`);
    expect(day.toISOString().slice(0, 10)).toBe(HOTJAR_STEPS_CHECKED_ON);
    expect(day.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe("hotjar invite steps", () => {
  const roles: PortalRole[] = ["VIEWER", "USER"];

  it.each(roles)("leads with Hotjar's documented Organization path, in its five documented steps (%s)", (role) => {
    const [organization, siteTeam] = hotjar.inviteSteps({ granteeEmail, role, siteIds: ["1234567"] });
    expect(organization!.id).toBe("organization");
    expect(organization!.documented).toBe(true);
    expect(organization!.grantsExactlyOneSite).toBe(false);
    expect(siteTeam!.id).toBe("site-team");
    expect(siteTeam!.documented).toBe(false);
    const text = allText(organization!.steps);
    // profile icon -> Invite Members -> Organization -> email and access level -> Send Invites
    expect(organization!.steps).toHaveLength(5);
    expect(text).toMatch(/profile icon.*“Invite Members”.*Organization.*our email address.*“Send Invites”/s);
    expect(text).toContain(`“${hotjar.roles[role].platformName}”`);
  });

  it("asks for Read Only for our Viewer and Read & Write for our User, as copy values", () => {
    const level = (role: PortalRole) =>
      hotjar
        .inviteSteps({ granteeEmail, role, siteIds: ["1"] })[0]!
        .steps.flatMap((s) => s.copy ?? [])
        .find((c) => c.label === "accessLevel")?.value;
    expect(level("VIEWER")).toBe("Read Only");
    expect(level("USER")).toBe("Read & Write");
  });

  it.each(roles)("gives the grantee email on both paths as a copy value (%s)", (role) => {
    for (const path of hotjar.inviteSteps({ granteeEmail, role, siteIds: ["1234567"] })) {
      expect(path.steps.flatMap((s) => s.copy ?? [])).toContainEqual({ label: "email", value: granteeEmail });
      for (const line of en(path.steps)) expect(line.trim()).not.toBe("");
    }
  });

  it("the site Team tab shares exactly one site and names the level some accounts show there", () => {
    const [, siteTeam] = hotjar.inviteSteps({ granteeEmail, role: "VIEWER", siteIds: ["1234567"] });
    expect(siteTeam!.grantsExactlyOneSite).toBe(true);
    expect(allText(siteTeam!.steps)).toMatch(/“Viewer” \(or “Read Only” if that is what you see\)/);
  });

  it("never requests Admin or Owner", () => {
    for (const role of roles) {
      for (const path of hotjar.inviteSteps({ granteeEmail, role, siteIds: ["1"], organizationId: "2" })) {
        // Only the sign-in step says who may send invitations; no step asks for those roles.
        expect(allText(path.steps.filter((s) => s.id !== "signIn"))).not.toMatch(/admin|owner/i);
      }
    }
    expect(
      Object.values(hotjar.roles)
        .map((r) => `${r.name} ${r.platformName} ${r.otherPlatformName ?? ""}`)
        .join(" "),
    ).not.toMatch(/admin|owner/i);
  });

  it("names the site and organization ids when known", () => {
    const [organization, siteTeam] = hotjar.inviteSteps({
      granteeEmail,
      role: "USER",
      siteIds: ["1234567"],
      organizationId: "7654321",
    });
    expect(siteTeam!.steps.flatMap((s) => s.copy ?? [])).toContainEqual({ label: "siteId", value: "1234567" });
    expect(organization!.steps.flatMap((s) => s.copy ?? [])).toContainEqual({ label: "organizationId", value: "7654321" });
    expect(allText(organization!.steps)).toContain("Organization with ID 7654321");
  });

  it("handles several sites and a site the client chooses", () => {
    const [organization, siteTeam] = hotjar.inviteSteps({ granteeEmail, role: "VIEWER", siteIds: ["111", "222"] });
    expect(allText(organization!.steps)).toMatch(/111, 222/);
    expect(allText(siteTeam!.steps)).toMatch(/Repeat these steps for each site: 111, 222/);
    const [chosen] = hotjar.inviteSteps({ granteeEmail, role: "VIEWER", siteIds: [] });
    expect(allText(chosen!.steps)).toMatch(/site you want to share/);
  });

  it("links only to Hotjar's app home", () => {
    for (const path of hotjar.inviteSteps({ granteeEmail, role: "VIEWER", siteIds: ["1"] })) {
      expect(path.steps.flatMap((s) => (s.href ? [s.href] : []))).toEqual([HOTJAR_APP_URL]);
    }
    expect(hotjar.invitationLifetimeDays).toBe(HOTJAR_INVITATION_LIFETIME_DAYS);
  });

  it("quotes Hotjar's UI labels in Hotjar's English in every language", () => {
    const [organization] = hotjar.inviteSteps({ granteeEmail, role: "VIEWER", siteIds: ["1"] });
    for (const locale of LOCALES) {
      const text = organization!.steps.map((s) => stepText(intlFor(locale), s)).join("\n");
      expect(text, locale).toContain(HOTJAR_UI.inviteMembers);
      expect(text, locale).toContain(HOTJAR_UI.sendInvites);
      expect(text, locale).toContain("Read Only");
    }
  });
});

describe("hotjar resend steps", () => {
  it("are the documented path, ending with sending the invitation again, not with coming back to a page", () => {
    const steps = hotjar.resendSteps({ granteeEmail, role: "VIEWER", siteIds: ["1234567"] });
    expect(steps.map((s) => s.id)).toEqual(
      hotjar
        .inviteSteps({ granteeEmail, role: "VIEWER", siteIds: ["1234567"] })[0]!
        .steps.map((s) => (s.id === "sendInvites" ? "sendInvitesAgain" : s.id)),
    );
    expect(allText(steps)).toContain("Click “Send Invites”. That sends the invitation again.");
    expect(allText(steps)).not.toMatch(/come back to this page/);
  });
});

describe("hotjar removal steps", () => {
  it("names the grantee to remove and the Organization's Team page", () => {
    const steps = hotjar.removalSteps({ granteeEmail, siteIds: ["1234567"], organizationId: "42" });
    expect(steps.flatMap((s) => s.copy ?? [])).toContainEqual({ label: "email", value: granteeEmail });
    expect(allText(steps)).toContain(granteeEmail);
    expect(allText(steps)).toMatch(/“Team” page of the Organization with ID 42/);
    expect(allText(steps)).toMatch(/X beside it/);
    expect(allText(hotjar.removalSteps({ granteeEmail, siteIds: ["1234567"] }))).toMatch(/1234567/);
  });

  it("is a manual platform", () => {
    expect(hotjar.grantMode).toBe("manual");
    expect(hotjar.api).toBeUndefined();
  });
});
