// Issue 15, items 2, 3 and 10: on the team page nothing that cannot be undone happens on one
// click. "Make Owner" says who is demoted, a role change to Owner says nobody is, removing a
// member asks; Cancel changes nothing, confirming does it and says so. Without JavaScript the
// server asks on the page itself. The account page and a 404 inside the app keep the staff menu,
// and the team, settings and account pages fit a 390 px phone.
import type { Page } from "@playwright/test";

import { addMember, expect, memberRow, screenshotPath, signUp, test, uniqueId } from "./fixtures";

const row = memberRow;
const roleSelect = (page: Page, name: string) => page.getByLabel(`Role of ${name}`, { exact: true });
/** The message after a change: a toast with JavaScript, a status line without. */
const said = (page: Page, message: string) => page.getByText(message, { exact: true });

test.describe("team changes ask first", () => {
  test("Make Owner says who is demoted: Cancel changes nothing, confirming hands over and the old Owner is an Admin", async ({
    page,
    browser,
  }) => {
    const owner = await signUp(page, { name: "Dana Demo" });
    await addMember(page, browser, owner);
    await expect(roleSelect(page, "Sam Sample")).toHaveValue("MEMBER");

    await row(page, "Sam Sample").getByRole("button", { name: "Make Owner" }).click();
    const dialog = page.getByRole("dialog", { name: "Make Sam Sample the Owner?" });
    await expect(dialog).toContainText("Dana Demo will become an Admin; Sam Sample will be the Owner.");
    await page.screenshot({ path: screenshotPath("team-make-owner-dialog.png") });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await page.reload();
    await expect(row(page, "Dana Demo")).toContainText("Owner");
    await expect(roleSelect(page, "Sam Sample")).toHaveValue("MEMBER");

    await row(page, "Sam Sample").getByRole("button", { name: "Make Owner" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Make Sam Sample the Owner" }).click();
    await expect(said(page, "Sam Sample is now the Owner; you are an Admin.")).toBeVisible();
    // Dana, an Admin now, sees both roles as words and can no longer touch the Owner.
    await expect(row(page, "Dana Demo")).toContainText("Admin");
    await expect(row(page, "Sam Sample")).toContainText("Owner");
    await expect(roleSelect(page, "Sam Sample")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Make Owner" })).toHaveCount(0);
  });

  test("a role change to Owner asks first and demotes nobody; removing a member asks first", async ({ page, browser }) => {
    const owner = await signUp(page, { name: "Dana Demo" });
    await addMember(page, browser, owner);

    await roleSelect(page, "Sam Sample").selectOption("OWNER");
    await row(page, "Sam Sample").getByRole("button", { name: "Change role" }).click();
    const second = page.getByRole("dialog", { name: "Make Sam Sample an Owner too?" });
    await expect(second).toContainText("Nobody is demoted.");
    await second.getByRole("button", { name: "Cancel" }).click();
    await page.reload();
    await expect(roleSelect(page, "Sam Sample")).toHaveValue("MEMBER");

    await roleSelect(page, "Sam Sample").selectOption("OWNER");
    await row(page, "Sam Sample").getByRole("button", { name: "Change role" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Make Sam Sample an Owner" }).click();
    await expect(said(page, "Sam Sample is now an Owner.")).toBeVisible();
    await expect(roleSelect(page, "Sam Sample")).toHaveValue("OWNER");
    await expect(row(page, "Dana Demo")).toContainText("Owner");

    await row(page, "Sam Sample").getByRole("button", { name: "Remove" }).click();
    const remove = page.getByRole("dialog", { name: `Remove Sam Sample from ${owner.agencyName}?` });
    await expect(remove).toContainText("loses access");
    await remove.getByRole("button", { name: "Cancel" }).click();
    await page.reload();
    await expect(row(page, "Sam Sample")).toHaveCount(1);

    await row(page, "Sam Sample").getByRole("button", { name: "Remove" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove Sam Sample" }).click();
    await expect(said(page, "Sam Sample was removed from the team.")).toBeVisible();
    await expect(row(page, "Sam Sample")).toHaveCount(0);
  });
});

test.describe("team changes without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the server asks on the page: Cancel changes nothing, confirming does it", async ({ page, browser }) => {
    const owner = await signUp(page, { name: "Dana Demo" });
    await addMember(page, browser, owner);
    const question = page.getByRole("alertdialog");

    // A second Owner: asked, then cancelled.
    await roleSelect(page, "Sam Sample").selectOption("OWNER");
    await row(page, "Sam Sample").getByRole("button", { name: "Change role" }).click();
    await expect(page.getByRole("alertdialog", { name: "Make Sam Sample an Owner too?" })).toContainText("Nobody is demoted.");
    await question.getByRole("link", { name: "Cancel" }).click();
    await expect(question).toHaveCount(0);
    await expect(roleSelect(page, "Sam Sample")).toHaveValue("MEMBER");

    // Removing: asked, then cancelled.
    await row(page, "Sam Sample").getByRole("button", { name: "Remove" }).click();
    await expect(page.getByRole("alertdialog", { name: `Remove Sam Sample from ${owner.agencyName}?` })).toBeVisible();
    await question.getByRole("link", { name: "Cancel" }).click();
    await expect(row(page, "Sam Sample")).toHaveCount(1);

    // Make Owner: asked with who is demoted, then confirmed.
    await row(page, "Sam Sample").getByRole("button", { name: "Make Owner" }).click();
    await expect(page.getByRole("alertdialog", { name: "Make Sam Sample the Owner?" })).toContainText(
      "Dana Demo will become an Admin; Sam Sample will be the Owner.",
    );
    await expect(row(page, "Dana Demo")).toContainText("Owner");
    await question.getByRole("button", { name: "Make Sam Sample the Owner" }).click();
    await expect(said(page, "Sam Sample is now the Owner; you are an Admin.")).toBeVisible();
    await expect(row(page, "Dana Demo")).toContainText("Admin");
    await expect(row(page, "Sam Sample")).toContainText("Owner");
  });
});

test.describe("the staff menu stays", () => {
  test("on the account page, and on a 404 inside the app, which leads back to the dashboard", async ({ page }) => {
    const owner = await signUp(page);
    const menu = page.getByRole("navigation", { name: "Main" });

    await page.getByRole("banner").getByRole("link", { name: owner.name }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    await expect(page).toHaveTitle("Your account · Onboarding links");
    for (const name of ["Dashboard", "Links", "Clients", "Team", "Settings"]) await expect(menu.getByRole("link", { name })).toBeVisible();
    await expect(page.getByRole("banner")).toContainText(owner.agencyName);

    const response = await page.goto(`${owner.dashboardPath}/links/no-such-link`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    await expect(page.getByText("Link not found.")).toBeVisible();
    await expect(menu.getByRole("link", { name: "Links" })).toBeVisible();
    await page.getByRole("link", { name: "Go to the dashboard" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

    // An agency that is not the user's has no menu to keep: the plain page, with a way back.
    const unknown = await page.goto(`/a/no-such-agency-${uniqueId()}/links`);
    expect(unknown?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    await expect(menu).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Go to the start page" })).toBeVisible();
  });
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("team (with a member and an invitation), settings and account never scroll sideways", async ({ page, browser }) => {
    const owner = await signUp(page, { name: "Dana Demo" });
    await addMember(page, browser, owner);
    const pat = `pat-${uniqueId()}@agency.example`;
    await page.getByLabel("Email", { exact: true }).fill(pat);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByTestId("invitations")).toContainText(pat);
    for (const [path, name] of [
      [`${owner.dashboardPath}/team`, "team"],
      [`${owner.dashboardPath}/settings`, "settings"],
      ["/account", "account"],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(390);
      await page.screenshot({ path: screenshotPath(`${name}-390.png`), fullPage: true });
    }
  });
});
