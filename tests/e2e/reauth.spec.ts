// Issue 17, items 5 and 6 (docs/decisions/048). An Owner whose session signed in more than 10
// minutes ago is asked "Confirm it's you" before handing the agency over: nothing changes until
// the password is typed again, then the hand-over goes through. "Your sessions" says which device,
// roughly where, and whether the session passed two-factor sign-in.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

import { serverEnv } from "./env";
import { addMember, expect, memberRow, screenshotPath, signUp, test } from "./fixtures";
import type { SessionClock } from "./session-clock";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Sets back the clock of every session of `email` in the server's database (tests/e2e/session-clock.ts). */
function sessionsOf(email: string, clock: SessionClock): number {
  const out = execFileSync(`${ROOT}node_modules/.bin/tsx`, ["tests/e2e/session-clock.ts", email, JSON.stringify(clock)], {
    cwd: ROOT,
    env: { ...process.env, ...serverEnv } as NodeJS.ProcessEnv,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return (JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as { count: number }).count;
}

const row = memberRow;

async function makeOwner(page: Page, name: string) {
  await row(page, name).getByRole("button", { name: "Make Owner" }).click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: `Make ${name} the Owner` })
    .click();
}

test("an Owner signed in long ago confirms it's them before handing the agency over", async ({ page, browser }) => {
  const owner = await signUp(page, { name: "Dana Demo" });
  await addMember(page, browser, owner, "Sam Sample");
  expect(sessionsOf(owner.email, { signedInMinutesAgo: 30 })).toBeGreaterThan(0);

  // Confirmed in the dialog, but the session is 30 minutes old: off to "Confirm it's you", nothing changed.
  await makeOwner(page, "Sam Sample");
  await expect(page.getByRole("heading", { level: 1, name: "Confirm it's you" })).toBeVisible();
  await expect(page).toHaveURL(/\/reauth\?redirectTo=/);
  await expect(page.getByText("You will not be asked again for 10 minutes.", { exact: false })).toBeVisible();
  await page.screenshot({ path: screenshotPath("reauth-1280.png"), fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: screenshotPath("reauth-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText("That password is not right. Try again.")).toBeVisible();

  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(new RegExp(`${owner.dashboardPath}/team$`));
  await expect(page.getByText(/Thanks, that's you/).first()).toBeVisible();
  await page.screenshot({ path: screenshotPath("reauth-back-on-team-1280.png"), fullPage: true });
  await expect(row(page, "Dana Demo")).toContainText("Owner");
  await expect(row(page, "Sam Sample")).toContainText("Member");

  // Back on the page, the same hand-over now goes through.
  await makeOwner(page, "Sam Sample");
  await expect(page.getByText("Sam Sample is now the Owner; you are an Admin.", { exact: true })).toBeVisible();
  await expect(row(page, "Dana Demo")).toContainText("Admin");
  await expect(row(page, "Sam Sample")).toContainText("Owner");
});

test("Cancel on 'Confirm it's you' goes back and changes nothing", async ({ page, browser }) => {
  const owner = await signUp(page, { name: "Dana Demo" });
  await addMember(page, browser, owner, "Sam Sample");
  sessionsOf(owner.email, { signedInMinutesAgo: 30 });
  await makeOwner(page, "Sam Sample");
  await expect(page.getByRole("heading", { level: 1, name: "Confirm it's you" })).toBeVisible();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 800 });
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${v.impact} ${v.id}: ${v.help}`)).toEqual([]);
  }
  await page.getByRole("link", { name: "Cancel" }).click();
  await expect(page).toHaveURL(new RegExp(`${owner.dashboardPath}/team$`));
  await expect(row(page, "Dana Demo")).toContainText("Owner");
  await expect(row(page, "Sam Sample")).toContainText("Member");
});

test("Your sessions shows the device, a rough place and whether two-factor sign-in was used", async ({ page }) => {
  const staff = await signUp(page);
  await page.goto("/account");
  const rows = page.getByTestId("sessions").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Chrome on Linux");
  // The browser runs on the server's own machine: a loopback address.
  await expect(rows.first()).toContainText("Local network");
  await expect(rows.first().getByText("2FA", { exact: true })).toHaveCount(0);

  sessionsOf(staff.email, { signedInMinutesAgo: 5, twoFactor: true });
  await page.reload();
  await expect(rows.first().getByText("2FA", { exact: true })).toBeVisible();
  await page.screenshot({ path: screenshotPath("account-sessions-1280.png"), fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(rows.first()).toContainText("Local network");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: screenshotPath("account-sessions-390.png"), fullPage: true });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("Make Owner sends an old session to 'Confirm it's you', then the page asks and the hand-over goes through", async ({
    page,
    browser,
  }) => {
    const owner = await signUp(page, { name: "Dana Demo" });
    await addMember(page, browser, owner, "Sam Sample");
    sessionsOf(owner.email, { signedInMinutesAgo: 30 });

    await row(page, "Sam Sample").getByRole("button", { name: "Make Owner" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Confirm it's you" })).toBeVisible();
    await page.getByLabel("Password").fill(owner.password);
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect(page).toHaveURL(new RegExp(`${owner.dashboardPath}/team$`));
    await expect(page.getByText(/Thanks, that's you/)).toBeVisible();
    await expect(row(page, "Dana Demo")).toContainText("Owner");

    await row(page, "Sam Sample").getByRole("button", { name: "Make Owner" }).click();
    const question = page.getByRole("alertdialog", { name: "Make Sam Sample the Owner?" });
    await question.getByRole("button", { name: "Make Sam Sample the Owner" }).click();
    await expect(page.getByText("Sam Sample is now the Owner; you are an Admin.", { exact: true })).toBeVisible();
    await expect(row(page, "Sam Sample")).toContainText("Owner");
  });
});
