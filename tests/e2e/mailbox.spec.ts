import type { Page } from "@playwright/test";

import { createClient, createLink, expect, linkFromMailbox, screenshotPath, signUp, test, uniqueId } from "./fixtures";

// Issue 15, item 9: the Mailbox shows the email a client gets as their mail program shows it
// (the HTML, in a sandboxed frame, with its button and the agency's logo, which the portal serves
// over plain http here), and its plain text one link away; both fit a phone.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

async function noSidewaysScroll(page: Page, what: string) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${what} scrolls sideways`).toBeLessThanOrEqual(
    page.viewportSize()!.width,
  );
}

test("the Mailbox shows the email as sent, with its button and logo, and as plain text, on a laptop and a phone", async ({
  page,
  browser,
}) => {
  // A logo Chromium draws, uploaded on the settings page.
  await page.setContent(
    '<div id="logo" style="display:inline-block;padding:8px 16px;background:#0f766e;color:#fff;font:700 20px sans-serif">Frame &amp; Co</div>',
  );
  const logo = await page.locator("#logo").screenshot();
  const staff = await signUp(page);
  await page.goto(`${staff.dashboardPath}/settings`);
  await page.getByLabel("Logo image").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: logo });
  await page.getByRole("button", { name: "Upload logo" }).click();
  await expect(page.getByRole("img", { name: `${staff.agencyName} logo` })).toBeVisible();

  await createClient(page, staff, {
    name: "Framed Fashion",
    contactName: "Frankie Frame",
    contactEmail: "frankie@framed-fashion.example",
    sites: [{ id: "7171717", name: "framed-fashion.example" }],
  });
  await createLink(page, ["7171717"], "Quarterly checkout review");
  await page.getByRole("button", { name: /^Send by email to frankie@framed-fashion\.example/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Send email" }).click();
  await expect(page.getByRole("status")).toContainText("Email queued to frankie@framed-fashion.example");

  // The worker delivers within a second or two.
  const mailbox = `${staff.dashboardPath}/mailbox`;
  await expect(async () => {
    await page.goto(mailbox);
    await page
      .getByTestId("mailbox")
      .getByRole("link", { name: /asks for “Read Only” access to your Hotjar site/ })
      .click({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page).toHaveURL(/\/mailbox\/[a-z0-9]{20,}$/);
  const message = page.url();
  await expect(page).toHaveTitle(/asks for “Read Only” access to your Hotjar site · Mailbox · /);

  // As sent: the HTML in a frame where no script runs.
  await expect(page.getByRole("link", { name: "As sent (HTML)" })).toHaveAttribute("aria-current", "page");
  const frameElement = page.locator('iframe[title^="The email as sent"]');
  const sandbox = (await frameElement.getAttribute("sandbox")) ?? "";
  expect(sandbox.split(/\s+/)).not.toContain("allow-scripts");
  expect(sandbox.split(/\s+/)).not.toContain("allow-same-origin");
  const email = page.frameLocator('iframe[title^="The email as sent"]');
  const button = email.getByRole("link", { name: "Review the request" });
  await expect(button).toBeVisible();
  const buttonUrl = (await button.getAttribute("href")) ?? "";
  expect(buttonUrl).toMatch(/\/l\/[A-Za-z0-9._-]+$/);
  await expect(email.getByText("If the button does not work, copy this address into your browser:")).toBeVisible();
  // The logo, loaded from the portal over http (a mail program would get none: docs/decisions/041).
  const logoInEmail = email.getByRole("img", { name: `${staff.agencyName} logo` });
  await expect(logoInEmail).toBeVisible();
  await expect.poll(async () => (await logoInEmail.boundingBox())?.width ?? 0).toBeGreaterThan(50);
  await page.screenshot({ path: screenshotPath("mailbox/message-html-1280.png"), fullPage: true });

  // The button opens the client's page in a new tab, as in a mail program; the Mailbox stays.
  const [tab] = await Promise.all([page.waitForEvent("popup"), button.click()]);
  await expect(tab).toHaveURL(buttonUrl);
  await expect(tab.getByRole("heading", { level: 1 })).toBeVisible();
  await tab.close();
  expect(page.url()).toBe(message);

  // The plain text, with the same address under the same words.
  await page.getByRole("link", { name: "Plain text" }).click();
  await expect(page).toHaveURL(/\?view=text$/);
  await expect(page.getByRole("link", { name: "Plain text" })).toHaveAttribute("aria-current", "page");
  const text = page.getByTestId("mail-body");
  await expect(text).toContainText("If the button does not work");
  await expect(text.getByRole("link", { name: buttonUrl }).first()).toHaveAttribute("href", buttonUrl);
  await expect(page.locator("iframe")).toHaveCount(0);
  await page.screenshot({ path: screenshotPath("mailbox/message-text-1280.png"), fullPage: true });

  // On a phone nothing scrolls sideways: the email narrows with its frame, its button in view.
  await page.setViewportSize(PHONE);
  await page.goto(mailbox);
  await expect(page.getByTestId("mailbox")).toBeVisible();
  await noSidewaysScroll(page, "the Mailbox");
  await page.screenshot({ path: screenshotPath("mailbox/list-390.png"), fullPage: true });
  await page.goto(message);
  await expect(button).toBeVisible();
  await noSidewaysScroll(page, "the message as sent");
  const frameBox = (await frameElement.boundingBox())!;
  expect(frameBox.x).toBeGreaterThanOrEqual(0);
  expect(frameBox.x + frameBox.width).toBeLessThanOrEqual(PHONE.width);
  const buttonBox = (await button.boundingBox())!;
  expect(buttonBox.x + buttonBox.width, "the button fits the frame").toBeLessThanOrEqual(frameBox.x + frameBox.width);
  await page.screenshot({ path: screenshotPath("mailbox/message-html-390.png"), fullPage: true });
  await page.goto(`${message}?view=text`);
  await noSidewaysScroll(page, "the message as plain text");
  await page.screenshot({ path: screenshotPath("mailbox/message-text-390.png"), fullPage: true });
  await page.setViewportSize(DESKTOP);

  // Without JavaScript the two views are two links.
  const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  try {
    const plain = await noScript.newPage();
    await plain.goto(message);
    await expect(plain.locator('iframe[title^="The email as sent"]')).toBeVisible();
    await plain.getByRole("link", { name: "Plain text" }).click();
    await expect(plain.getByTestId("mail-body")).toContainText("If the button does not work");
    await plain.getByRole("link", { name: "As sent (HTML)" }).click();
    await expect(plain.frameLocator('iframe[title^="The email as sent"]').getByRole("link", { name: "Review the request" })).toBeVisible();
  } finally {
    await noScript.close();
  }
});

test("an empty Mailbox says what to do next", async ({ page, browser }) => {
  // A new Owner's Mailbox holds sign-up's verification email; a Member who joined by invitation
  // has read nothing yet (the invitation is for those who may send one).
  const staff = await signUp(page);
  const memberEmail = `member-${uniqueId()}@agency.example`;
  await page.goto(`${staff.dashboardPath}/team`);
  await page.getByLabel("Email").fill(memberEmail);
  await page.getByLabel("Role").selectOption("MEMBER");
  await page.getByRole("button", { name: "Send invitation" }).click();
  const inviteUrl = await linkFromMailbox(page, staff.dashboardPath, /invited you to join/, "/invite/");
  const context = await browser.newContext();
  try {
    const member = await context.newPage();
    await member.goto(inviteUrl);
    await member.getByLabel("Your name").fill("Mel Member");
    await member.getByLabel("Password").fill("member-password-123");
    await member.getByRole("button", { name: "Create account and join" }).click();
    await expect(member.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    await member.goto(`${staff.dashboardPath}/mailbox`);
    await expect(member).toHaveTitle(`Mailbox · ${staff.agencyName} · Onboarding links`);
    await expect(member.getByText("No email yet")).toBeVisible();
    await member.getByRole("link", { name: "Go to your links" }).click();
    await expect(member.getByRole("heading", { level: 1, name: "Links" })).toBeVisible();
  } finally {
    await context.close();
  }
});
