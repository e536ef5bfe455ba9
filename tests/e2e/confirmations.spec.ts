// Issue 15: what cannot be undone asks first, says what will happen, and says when it is done;
// a button that is working shows it and cannot be pressed twice; the staff menu fits a phone.
import type { Page } from "@playwright/test";

import { createClient, createLink, expect, screenshotPath, signUp, test } from "./fixtures";

async function newLinkPage(page: Page) {
  const staff = await signUp(page);
  await createClient(page, staff, {
    name: "Acme Shoes",
    contactName: "Casey Client",
    contactEmail: "casey@acme-shoes.example",
    sites: [{ id: "1234567", name: "acme-shoes.example" }],
  });
  await createLink(page, ["1234567"]);
  return { staff, linkPath: new URL(page.url()).pathname };
}

const heading = (page: Page) => page.getByRole("heading", { level: 1 });

test.describe("revoking a link", () => {
  test("asks in a dialog that says what happens: Cancel changes nothing, confirming revokes and says so", async ({ page }) => {
    await newLinkPage(page);
    await expect(heading(page)).toContainText("Pending");

    await page.getByRole("button", { name: "Revoke link" }).click();
    const dialog = page.getByRole("dialog", { name: "Revoke this link?" });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("The link stops working at once");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await page.reload();
    await expect(heading(page)).toContainText("Pending");

    await page.getByRole("button", { name: "Revoke link" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke link" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Link revoked" })).toBeVisible();
    await expect(heading(page)).toContainText("Revoked");
    await expect(page.getByRole("button", { name: "Revoke link" })).toHaveCount(0);
  });

  test("while the revoke is on its way, its button says so and cannot be pressed again", async ({ page }) => {
    const { linkPath } = await newLinkPage(page);
    let posts = 0;
    // Hold the POST for a moment, as a slow network would.
    await page.route(`**${linkPath}*`, async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      posts += 1;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.getByRole("button", { name: "Revoke link" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke link" }).click();
    const busy = page.getByRole("button", { name: "Revoking…" });
    await expect(busy).toBeVisible();
    await expect(busy).toBeDisabled();
    await expect(page.getByTestId("progress-bar")).toBeAttached();
    await busy.click({ force: true }).catch(() => undefined);
    await expect(heading(page)).toContainText("Revoked");
    expect(posts).toBe(1);
  });
});

test.describe("revoking a link without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the server asks on a confirmation page first; Cancel changes nothing, confirming revokes", async ({ page }) => {
    await newLinkPage(page);
    await page.getByRole("button", { name: "Revoke link" }).click();
    const question = page.getByRole("alertdialog", { name: "Revoke this link?" });
    await expect(question).toBeVisible();
    await expect(question).toContainText("The link stops working at once");
    await expect(heading(page)).toContainText("Pending");

    await question.getByRole("link", { name: "Cancel" }).click();
    await expect(page.getByRole("alertdialog")).toHaveCount(0);
    await expect(heading(page)).toContainText("Pending");

    await page.getByRole("button", { name: "Revoke link" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke link" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Link revoked" })).toBeVisible();
    await expect(heading(page)).toContainText("Revoked");
  });
});

test.describe("the staff menu on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("is one Menu button that opens every section, and no page scrolls sideways", async ({ page }) => {
    const { staff, linkPath } = await newLinkPage(page);
    for (const path of [staff.dashboardPath, linkPath]) {
      await page.goto(path);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }
    await page.goto(staff.dashboardPath);
    const menu = page.getByText("Menu", { exact: true });
    await expect(menu).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeHidden();
    await menu.click();
    await expect(nav).toBeVisible();
    for (const name of ["Dashboard", "Links", "Clients", "Reviews", "Team", "Audit log", "Settings"]) {
      const box = await nav.getByRole("link", { name, exact: true }).boundingBox();
      expect(box?.height, `${name} is a 44 px touch target`).toBeGreaterThanOrEqual(44);
    }
    await page.screenshot({ path: screenshotPath("staff-menu-390.png"), fullPage: true });
    await nav.getByRole("link", { name: "Links", exact: true }).click();
    await expect(heading(page)).toHaveText(/Links/);
    // A new page closes the menu.
    await expect(nav).toBeHidden();
  });
});
