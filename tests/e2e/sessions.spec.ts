import type { Browser, Page } from "@playwright/test";

import { expect, screenshotPath, signUp, type Staff, test } from "./fixtures";

async function logIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

/** A second browser (its own cookies) signed in as the same staff member. */
async function secondBrowser(browser: Browser, staff: Staff, options: { javaScriptEnabled?: boolean } = {}) {
  const page = await (await browser.newContext(options)).newPage();
  await logIn(page, staff.email, staff.password);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  return page;
}

async function openAccount(page: Page, staff: Staff) {
  await page.getByRole("banner").getByRole("link", { name: staff.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
}

const sessionRows = (page: Page) => page.getByTestId("sessions").locator("tbody tr");

test("changing the password logs every other browser out; only the new password works", async ({ page, browser }) => {
  const staff = await signUp(page);
  const other = await secondBrowser(browser, staff);

  await openAccount(page, staff);
  await expect(sessionRows(page)).toHaveCount(2);
  await expect(sessionRows(page).first()).toContainText("(this session)");
  await expect(sessionRows(page).first()).toContainText("Chrome on Linux");

  // A wrong current password: the error sits beside its field, and nothing changes.
  await page.getByLabel("Current password").fill("not-the-password");
  await page.getByLabel("New password", { exact: true }).fill("a-brand-new-password");
  await page.getByLabel("New password again").fill("a-brand-new-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#field-currentPassword-error")).toHaveText("That is not your current password.");
  await page.screenshot({ path: screenshotPath("account-sessions.png"), fullPage: true });
  await other.reload();
  await expect(other.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  // New passwords that do not match.
  await page.getByLabel("Current password").fill(staff.password);
  await page.getByLabel("New password", { exact: true }).fill("a-brand-new-password");
  await page.getByLabel("New password again").fill("a-brand-new-passw0rd");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#field-confirmPassword-error")).toHaveText("The two new passwords are not the same");

  // The form re-renders after the refused attempt; under load that can land after the next
  // fills, so a submission refused for an empty field is simply made again (nothing changed).
  await expect(async () => {
    await page.getByLabel("Current password").fill(staff.password);
    await page.getByLabel("New password", { exact: true }).fill("a-brand-new-password");
    await page.getByLabel("New password again").fill("a-brand-new-password");
    await expect(page.getByLabel("Current password")).toHaveValue(staff.password);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Password changed. 1 other session was logged out.", { exact: true })).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 40_000 });
  await expect(sessionRows(page)).toHaveCount(1);
  await expect(page.getByLabel("Current password")).toHaveValue("");

  // This browser carries on with its new session; the other one is sent to log in.
  await page.goto(staff.dashboardPath);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await other.goto(staff.dashboardPath);
  await expect(other).toHaveURL(/\/login\?redirectTo=/);

  await logIn(other, staff.email, staff.password);
  await expect(other.getByRole("alert")).toHaveText("Email or password is incorrect.");
  await logIn(other, staff.email, "a-brand-new-password");
  await expect(other.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
});

test("log out other sessions, without JavaScript", async ({ page, browser }) => {
  const staff = await signUp(page);
  const noScript = await secondBrowser(browser, staff, { javaScriptEnabled: false });
  const third = await secondBrowser(browser, staff);

  await openAccount(noScript, staff);
  await expect(sessionRows(noScript)).toHaveCount(3);
  await noScript.getByRole("button", { name: "Log out other sessions" }).click();
  await expect(noScript.getByRole("status")).toHaveText("2 other sessions were logged out.");
  await expect(sessionRows(noScript)).toHaveCount(1);
  await expect(noScript.getByText("This is your only session.")).toBeVisible();

  for (const other of [page, third]) {
    await other.reload();
    await expect(other).toHaveURL(/\/login\?redirectTo=/);
  }

  // The password form works without JavaScript too, and this browser stays signed in.
  await noScript.getByLabel("Current password").fill(staff.password);
  await noScript.getByLabel("New password", { exact: true }).fill("a-brand-new-password");
  await noScript.getByLabel("New password again").fill("a-brand-new-password");
  await noScript.getByRole("button", { name: "Change password" }).click();
  await expect(noScript.getByRole("status")).toHaveText("Password changed. No other session was signed in.");
  await expect(noScript.getByLabel("Current password")).toHaveValue("");
  await noScript.goto(staff.dashboardPath);
  await expect(noScript.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
});
