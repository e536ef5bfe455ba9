import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

import { createClient, expect, linkFromMailbox, openVerificationLink, screenshotPath, signUp, test, uniqueId } from "./fixtures";

// Issue 17, items 1 and 2 (docs/decisions/046), in a real Chromium through the local Mailbox:
// forgot password answers every address alike, the reset email is readable only by its
// addressee, a reset logs other browsers out; an unverified account sees the banner and cannot
// email a client until it opens the verification link.

async function askForReset(page: Page, email: string): Promise<string> {
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
  return (await page.locator("main").innerText()).trim();
}

test("forgot password: the same page for any address, the email only for its addressee, and a reset logs other browsers out", async ({
  page,
  browser,
}) => {
  // An Owner, and a Member who joins through an invitation (the Member's address is then proven).
  const owner = await signUp(page);
  const memberEmail = `member-${uniqueId()}@agency.example`;
  await page.goto(`${owner.dashboardPath}/team`);
  await page.getByLabel("Email").fill(memberEmail);
  await page.getByLabel("Role").selectOption("MEMBER");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${memberEmail}.`, { exact: true })).toBeVisible();
  const inviteUrl = await linkFromMailbox(page, owner.dashboardPath, /invited you to join/, "/invite/");

  const memberContext = await browser.newContext();
  const anonymousContext = await browser.newContext();
  try {
    const member = await memberContext.newPage();
    await member.goto(inviteUrl);
    await member.getByLabel("Your name").fill("Mel Member");
    await member.getByLabel("Password").fill("member-password-123");
    await member.getByRole("button", { name: "Create account and join" }).click();
    await expect(member.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    await expect(member.getByTestId("verify-email-banner")).toHaveCount(0);

    // Someone who forgot: an unknown address and the Member's give the same page.
    const anonymous = await anonymousContext.newPage();
    const unknownAnswer = await askForReset(anonymous, `nobody-${uniqueId()}@agency.example`);
    const knownAnswer = await askForReset(anonymous, memberEmail);
    expect(knownAnswer).toBe(unknownAnswer);
    expect(knownAnswer).toContain("If an account uses that address, we sent a link to it.");

    // The Member reads the reset email in the Mailbox; the Owner of the same agency cannot.
    const resetUrl = await linkFromMailbox(member, owner.dashboardPath, "Reset your password", "/reset-password/");
    await page.goto(`${owner.dashboardPath}/mailbox`);
    await expect(page.getByTestId("mailbox")).toBeVisible();
    await expect(page.getByTestId("mailbox").getByRole("link", { name: "Reset your password" })).toHaveCount(0);

    // The new password, set from the anonymous browser, logs the Member's browser out.
    await anonymous.goto(resetUrl);
    await expect(anonymous.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
    await anonymous.getByLabel("New password", { exact: true }).fill("a-new-member-password");
    await anonymous.getByLabel("New password again").fill("a-new-member-password");
    await anonymous.getByRole("button", { name: "Set the new password" }).click();
    await expect(anonymous).toHaveURL(/\/login\?notice=password-reset$/);
    await expect(anonymous.getByText("Your password was changed and every session was logged out.")).toBeVisible();

    await member.goto(owner.dashboardPath);
    await expect(member).toHaveURL(/\/login\?redirectTo=/);

    // The link worked once.
    await anonymous.goto(resetUrl);
    await expect(anonymous.getByRole("heading", { level: 1, name: "This link was already used" })).toBeVisible();
    await expect(anonymous.getByRole("link", { name: "Ask for a new link" })).toHaveAttribute("href", "/forgot-password");

    // The new password logs in.
    await anonymous.goto("/login");
    await anonymous.getByLabel("Email").fill(memberEmail);
    await anonymous.getByLabel("Password").fill("a-new-member-password");
    await anonymous.getByRole("button", { name: "Log in" }).click();
    await expect(anonymous.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  } finally {
    await memberContext.close();
    await anonymousContext.close();
  }
});

test("until the address is verified: the banner, and emailing a client is refused; after the link, it works", async ({ page }) => {
  const owner = await signUp(page, {}, { verify: false });
  const banner = page.getByTestId("verify-email-banner");
  await expect(banner).toContainText(`Verify your email address: we sent a link to ${owner.email}.`);

  await createClient(page, owner, {
    name: "Unproven Shoes",
    contactName: "Una",
    contactEmail: "una@unproven-shoes.example",
    sites: [{ id: "5151515", name: "unproven-shoes.example" }],
  });
  await page.getByRole("link", { name: "New link for this client" }).click();
  await page.getByRole("checkbox", { name: /5151515/ }).check();
  await page.getByLabel("Business reason").fill("Checkout funnel analysis");
  await page.getByRole("button", { name: "Create link" }).click();
  await expect(page.getByTestId("link-url")).toBeVisible();
  const linkPage = page.url();

  await page.getByRole("button", { name: /^Send by email to una@unproven-shoes\.example/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Send email" }).click();
  await expect(page.getByText("Verify your email address first")).toBeVisible();
  await page.goto(linkPage);
  await expect(page.getByRole("button", { name: /^Send by email to una@unproven-shoes\.example/ })).toBeVisible();

  // "Send it again" answers, and the newest link verifies.
  await banner.getByRole("button", { name: "Send it again" }).click();
  await expect(page.getByRole("status").filter({ hasText: `We sent a new link to ${owner.email}.` })).toBeVisible();
  // The first link is superseded by then: wait for the second message, which the worker sends a moment later.
  await openVerificationLink(page, owner.dashboardPath, 2);
  await page.getByRole("button", { name: "Verify my address" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Email address verified" })).toBeVisible();

  await page.goto(linkPage);
  await expect(banner).toHaveCount(0);
  await page.getByRole("button", { name: /^Send by email to una@unproven-shoes\.example/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Send email" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Email queued to una@unproven-shoes.example" })).toBeVisible();
});

/** At 1280 and 390 px: no sideways scroll and no accessibility violation (axe-core), and a screenshot. */
async function fitsAndPasses(page: Page, name: string) {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(viewport);
    expect
      .soft(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${viewport.width} px`)
      .toBeLessThanOrEqual(viewport.width);
    await page.screenshot({ path: screenshotPath(`account-email/${name}-${viewport.width}.png`), fullPage: true });
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect
      .soft(
        violations.map((v) => `${v.impact} ${v.id}: ${v.help}`),
        `${name} at ${viewport.width} px`,
      )
      .toEqual([]);
  }
}

test("the account email pages and the banner fit a phone and pass axe-core", async ({ page }) => {
  const owner = await signUp(page, {}, { verify: false });
  await fitsAndPasses(page, "banner");
  await page.goto("/account/email");
  await fitsAndPasses(page, "account-email");
  const verifyUrl = await linkFromMailbox(page, owner.dashboardPath, "Verify your email address", "/verify-email/");
  await page.goto(verifyUrl);
  await fitsAndPasses(page, "verify-email");
  await page.goto(`${verifyUrl.slice(0, -3)}AAA`);
  await fitsAndPasses(page, "verify-email-invalid");
  await page.goto("/forgot-password");
  await fitsAndPasses(page, "forgot-password");
  await page.goto("/reset-password/not-a-token");
  await fitsAndPasses(page, "reset-password-invalid");
});
