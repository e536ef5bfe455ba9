// Issue 15 on the clients pages, the reviews page and the audit log: archiving a client (which
// revokes its open links) asks first and says how many; creating a client says it is done; the
// pages fit a 390 px phone; the audit log filters by an event kind picked from a list.
import type { Page } from "@playwright/test";

import { createClient, createLink, expect, screenshotPath, signUp, type Staff, test } from "./fixtures";

const ACME = {
  name: "Acme Shoes",
  contactName: "Casey Client",
  contactEmail: "casey@acme-shoes.example",
  sites: [{ id: "1234567", name: "acme-shoes.example" }],
};

const heading = (page: Page) => page.getByRole("heading", { level: 1 });

/** A client with one open link; the page ends on the client's page. Returns the link's page. */
async function clientWithOpenLink(page: Page) {
  const staff = await signUp(page);
  await createClient(page, staff, ACME);
  const clientPath = new URL(page.url()).pathname;
  await createLink(page, ["1234567"]);
  const linkPath = new URL(page.url()).pathname;
  await page.goto(clientPath);
  return { staff, clientPath, linkPath };
}

async function expectLinkStatus(page: Page, linkPath: string, status: "Pending" | "Revoked") {
  await page.goto(linkPath);
  await expect(heading(page)).toContainText(status);
}

test.describe("archiving a client", () => {
  test("asks in a dialog that says how many open links it revokes: Cancel changes nothing, confirming archives and revokes", async ({
    page,
  }) => {
    const { clientPath, linkPath } = await clientWithOpenLink(page);

    await page.getByRole("button", { name: "Archive client" }).click();
    const dialog = page.getByRole("dialog", { name: "Archive Acme Shoes?" });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("This revokes its 1 open link at once");
    await page.screenshot({ path: screenshotPath("client-archive-dialog.png"), fullPage: true });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await page.reload();
    await expect(heading(page)).not.toContainText("Archived");
    await expectLinkStatus(page, linkPath, "Pending");

    await page.goto(clientPath);
    await page.getByRole("button", { name: "Archive client" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Archive client" }).click();
    await expect(page.getByRole("region", { name: /Notifications/ })).toContainText("Client archived: 1 open link revoked");
    await expect(heading(page)).toContainText("Archived");
    await expect(page.getByRole("button", { name: "Restore client" })).toBeVisible();
    await expect(page.getByRole("link", { name: "New link for this client" })).toHaveCount(0);
    await expectLinkStatus(page, linkPath, "Revoked");
  });
});

test.describe("archiving a client without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the server asks on a confirmation page first; Cancel changes nothing, confirming archives", async ({ page }) => {
    const { linkPath } = await clientWithOpenLink(page);

    await page.getByRole("button", { name: "Archive client" }).click();
    const question = page.getByRole("alertdialog", { name: "Archive Acme Shoes?" });
    await expect(question).toBeVisible();
    await expect(question).toContainText("This revokes its 1 open link at once");
    await expect(heading(page)).not.toContainText("Archived");
    await page.screenshot({ path: screenshotPath("client-archive-question-nojs.png"), fullPage: true });

    await question.getByRole("link", { name: "Cancel" }).click();
    await expect(page.getByRole("alertdialog")).toHaveCount(0);
    await expect(heading(page)).not.toContainText("Archived");

    await page.getByRole("button", { name: "Archive client" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Archive client" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Client archived: 1 open link revoked" })).toBeVisible();
    await expect(heading(page)).toContainText("Archived");
    await expectLinkStatus(page, linkPath, "Revoked");
  });
});

test("creating a client ends with a message saying so", async ({ page }) => {
  const staff = await signUp(page);
  await createClient(page, staff, ACME);
  await expect(page.getByRole("region", { name: /Notifications/ })).toContainText("Client created: Acme Shoes");
  await expect(page).toHaveTitle(/^Acme Shoes · /);
});

test.describe("on a 390 px phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  async function expectNoSidewaysScroll(page: Page, path: string, name: string) {
    await page.goto(path);
    await expect(heading(page)).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} fits 390 px`).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath(`${name}-390.png`), fullPage: true });
  }

  test("the clients list, a client's page, new client, reviews and the audit log do not scroll sideways", async ({ page }) => {
    const staff: Staff = await signUp(page);
    await createClient(page, staff, {
      ...ACME,
      // Long words are where a page overflows.
      contactEmail: "casey.with-a-rather-long-address@acme-shoes-international.example",
    });
    const clientPath = new URL(page.url()).pathname;
    await expectNoSidewaysScroll(page, `${staff.dashboardPath}/clients`, "clients");
    await expectNoSidewaysScroll(page, clientPath, "client");
    await expectNoSidewaysScroll(page, `${staff.dashboardPath}/clients/new`, "client-new");
    await expectNoSidewaysScroll(page, `${staff.dashboardPath}/reviews`, "reviews");
    await expectNoSidewaysScroll(page, `${staff.dashboardPath}/audit`, "audit");
  });
});

test.describe("the audit log's event filter", () => {
  async function pickClientAdded(page: Page, staff: Staff) {
    await page.goto(`${staff.dashboardPath}/audit`);
    const table = page.getByTestId("audit");
    await expect(table.locator('tr[data-event-type="agency.created"]')).toHaveCount(1);
    // Events read as sentences, not codes.
    await expect(table.locator('tr[data-event-type="client.created"]')).toContainText("Sam Staff added the client");
    await expect(table).not.toContainText("client.created");
    await page.getByLabel("Event").selectOption({ label: "Client added" });
    return table;
  }

  async function expectOnlyClientAdded(page: Page, table: ReturnType<Page["getByTestId"]>) {
    await expect(page).toHaveURL(/[?&]type=client\.created(&|$)/);
    await expect(table.locator("tbody tr")).toHaveCount(1);
    await expect(table.locator('tr[data-event-type="client.created"]')).toContainText("Acme Shoes");
    await expect(page.getByLabel("Event")).toHaveValue("client.created");
    await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", /\/audit\.csv\?type=client\.created$/);
  }

  test("a kind picked from the list applies at once", async ({ page }) => {
    const staff = await signUp(page);
    await createClient(page, staff, ACME);
    const table = await pickClientAdded(page, staff);
    await expectOnlyClientAdded(page, table);
    await expect(page.getByRole("button", { name: "Apply filters" })).toHaveCount(0);
    await expect(page).toHaveTitle(/^Audit log · /);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("a kind picked from the list applies with the Apply button", async ({ page }) => {
      const staff = await signUp(page);
      await createClient(page, staff, ACME);
      const table = await pickClientAdded(page, staff);
      await page.getByRole("button", { name: "Apply filters" }).click();
      await expectOnlyClientAdded(page, table);
    });
  });
});
