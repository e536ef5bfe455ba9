import type { Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";

import { BASE_URL, serverEnv } from "./env";
import { expect, signUp, type Staff, test, uniqueId } from "./fixtures";

// Two-factor sign-in (issue 17, items 3 and 4) in a real Chromium: the code is computed here from
// the key the page shows, as an authenticator app would.

/** LIMITS.twoFactorUser: 5 per account per 15 minutes, times the e2e server's RATE_LIMIT_SCALE. */
const CODE_LIMIT = Math.max(1, Math.round(5 * Number(serverEnv.RATE_LIMIT_SCALE ?? "1")));

/** The code an app shows `offsetSteps` 30-second steps from now (a code works once per step). */
function codeFor(secret: string, offsetSteps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

/** Turns 2FA on from /account/two-factor; returns the key read from the page and the recovery codes. */
async function enableTwoFactor(page: Page): Promise<{ secret: string; codes: string[] }> {
  if (!new URL(page.url()).pathname.startsWith("/account/two-factor")) await page.goto("/account/two-factor");
  await expect(page.getByRole("heading", { level: 1, name: "Two-factor sign-in" })).toBeVisible();
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" }).locator("svg")).toBeVisible();
  const secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("Code from your app").fill(codeFor(secret));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByRole("heading", { name: "Two-factor sign-in is on" })).toBeVisible();
  const codes = await page.getByTestId("recovery-codes").getByRole("listitem").allTextContents();
  expect(codes).toHaveLength(10);
  await expect(page.getByTestId("two-factor-status")).toContainText("10 recovery codes left");
  return { secret, codes };
}

async function logOut(page: Page) {
  await page.getByRole("button", { name: "Log out" }).first().click();
  await expect(page).toHaveURL(/\/login/);
}

async function password(page: Page, staff: Pick<Staff, "email" | "password">) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(staff.email);
  await page.getByLabel("Password").fill(staff.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Two-factor sign-in" })).toBeVisible();
  await expect(page).toHaveURL(/\/login\/two-factor/);
}

async function secondStep(page: Page, code: string) {
  await page.getByLabel("Code").fill(code);
  await page.getByRole("button", { name: "Continue" }).click();
}

test("enable 2FA from the shown key, then log in with a code, with a recovery code once, and a wrong code is limited", async ({ page }) => {
  test.setTimeout(120_000);
  const staff = await signUp(page);
  const { secret, codes } = await enableTwoFactor(page);

  // The password alone starts no session: the agency's pages send the browser to log in.
  await logOut(page);
  await password(page, staff);
  await page.goto(staff.dashboardPath);
  await expect(page).toHaveURL(/\/login\?redirectTo=/);

  // With a code (the next step's: the current one was used to turn 2FA on), to the page asked for.
  await page.getByLabel("Email").fill(staff.email);
  await page.getByLabel("Password").fill(staff.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/login\/two-factor\?redirectTo=/);
  await secondStep(page, codeFor(secret, 1));
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(staff.dashboardPath);

  // With a recovery code: once.
  await logOut(page);
  await password(page, staff);
  await secondStep(page, codes[0]!);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await logOut(page);
  await password(page, staff);
  await secondStep(page, codes[0]!);
  await expect(page.getByText("That code is not right, or it was already used.")).toBeVisible();
  await expect(page).toHaveURL(/\/login\/two-factor/);

  // Wrong codes: one was just counted; the rest of the budget, then a refusal, even for a right code.
  for (let i = 1; i < CODE_LIMIT; i++) {
    const response = await page.request.post("/login/two-factor", {
      headers: { Origin: BASE_URL },
      form: { code: "000000" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(400);
  }
  await secondStep(page, codes[1]!);
  await expect(page.getByRole("alert").filter({ hasText: /^Too many attempts, try again in \d+ minutes?\.$/ })).toBeVisible();
  await expect(page).toHaveURL(/\/login\/two-factor/);
});

test("an Owner requires 2FA: a member is sent to set it up, and the team page shows who has it", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const owner = await signUp(page);
  const memberEmail = `member-${uniqueId()}@agency.example`;
  await page.goto(`${owner.dashboardPath}/team`);
  await page.getByLabel("Email").fill(memberEmail);
  await page.getByLabel("Role").selectOption("MEMBER");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${memberEmail}.`, { exact: true })).toBeVisible();
  let inviteUrl = "";
  await expect(async () => {
    await page.goto(`${owner.dashboardPath}/mailbox`);
    await page.getByTestId("mailbox").getByRole("row").filter({ hasText: memberEmail }).getByRole("link").click({ timeout: 2_000 });
    await page.getByRole("link", { name: "Plain text" }).click();
    inviteUrl = (await page.getByTestId("mail-body").getByRole("link").first().getAttribute("href")) ?? "";
    expect(inviteUrl).toMatch(/\/invite\//);
  }).toPass({ timeout: 15_000 });

  const memberContext = await browser.newContext();
  try {
    const member = await memberContext.newPage();
    await member.goto(inviteUrl);
    await member.getByLabel("Your name").fill("Mel Member");
    await member.getByLabel("Password").fill("member-password-123");
    await member.getByRole("button", { name: "Create account and join" }).click();
    await expect(member.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

    // The Owner cannot require it before turning it on for themselves; then can.
    await page.goto(`${owner.dashboardPath}/settings`);
    const requireBox = page.getByLabel("Require two-factor sign-in for every member");
    await requireBox.check();
    await page.getByRole("button", { name: "Save sign-in security" }).click();
    await expect(page.getByText("Turn on two-factor sign-in for your own account first.")).toBeVisible();
    await enableTwoFactor(page);
    await page.goto(`${owner.dashboardPath}/settings`);
    await page.getByLabel("Require two-factor sign-in for every member").check();
    await page.getByRole("button", { name: "Save sign-in security" }).click();
    await expect(page.getByText("Every member now needs two-factor sign-in.", { exact: true })).toBeVisible();
    await expect(page.getByLabel("Require two-factor sign-in for every member")).toBeChecked();

    await page.goto(`${owner.dashboardPath}/team`);
    const rows = page.getByTestId("members").getByRole("row");
    await expect(rows.filter({ hasText: owner.email })).toContainText("On");
    await expect(rows.filter({ hasText: memberEmail })).toContainText("Off: must set up");

    // The member's next page of the agency is the set-up, which says who requires it.
    await member.goto(`${owner.dashboardPath}/clients`);
    await expect(member).toHaveURL(/\/account\/two-factor\?agency=/);
    await expect(member.getByTestId("two-factor-required")).toContainText(
      `${owner.agencyName} requires two-factor sign-in for every member`,
    );
    await enableTwoFactor(member);
    await member.getByRole("link", { name: `Continue to ${owner.agencyName}` }).click();
    await expect(member.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

    await page.reload();
    await expect(page.getByTestId("members").getByRole("row").filter({ hasText: memberEmail })).toContainText("On");
  } finally {
    await memberContext.close();
  }
});
