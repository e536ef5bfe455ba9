import { createClient, expect, fillSites, signUp, test } from "./fixtures";

test.describe("form validation", () => {
  test("a non-digit Hotjar site id is refused next to its field, keeping what was typed", async ({ page }) => {
    const staff = await signUp(page);
    await page.goto(`${staff.dashboardPath}/clients/new`);
    await page.getByLabel("Client name").fill("Typo Travel");
    await page.getByLabel("Contact name").fill("Tess Typo");
    await page.getByLabel("Contact email").fill("tess@typo-travel.example");
    await fillSites(page, [{ id: "12ab34", name: "typo-travel.example", url: "https://typo-travel.example" }]);
    await page.getByRole("button", { name: "Create client" }).click();

    const siteId = page.getByLabel("Site 1 ID", { exact: true });
    await expect(siteId).toHaveAttribute("aria-invalid", "true");
    // The message says what the field takes: the digits, or the site's address pasted from Hotjar.
    const message =
      "Enter the site ID (digits, e.g. 1234567) or paste the site's Hotjar address, like insights.hotjar.com/site/1234567/overview";
    await expect(siteId).toHaveAccessibleDescription(message);
    // The message sits in the same field block as the input.
    await expect(page.locator(".field").filter({ has: siteId }).getByRole("alert")).toHaveText(message);
    await expect(page.getByRole("alert")).toHaveCount(1);

    // Everything typed is still there; nothing was created.
    await expect(siteId).toHaveValue("12ab34");
    await expect(page.getByLabel("Client name")).toHaveValue("Typo Travel");
    await expect(page.getByLabel("Contact email")).toHaveValue("tess@typo-travel.example");
    await expect(page.getByLabel("Site 1 name", { exact: true })).toHaveValue("typo-travel.example");
    await expect(page.getByLabel("Site 1 URL (optional)")).toHaveValue("https://typo-travel.example");
    await expect(page.getByRole("heading", { level: 1, name: "New client" })).toBeVisible();
    await page.goto(`${staff.dashboardPath}/clients`);
    await expect(page.getByText("No clients yet.")).toBeVisible();
  });

  test("a link without a business reason is refused", async ({ page }) => {
    const staff = await signUp(page);
    await createClient(page, staff, {
      name: "Reasonless Retail",
      contactName: "Rae",
      contactEmail: "rae@reasonless.example",
      sites: [{ id: "3333333", name: "reasonless.example" }],
    });
    await page.getByRole("link", { name: "New link for this client" }).click();
    await expect(page.getByRole("checkbox", { name: /3333333/ })).toBeChecked();
    await page.getByRole("button", { name: "Create link" }).click();

    const reason = page.getByLabel("Business reason");
    await expect(page.locator(".field").filter({ has: reason }).getByRole("alert")).toHaveText(
      "Say why you need access (the client sees this)",
    );
    await expect(page.getByRole("heading", { level: 1, name: "New onboarding link" })).toBeVisible();
    await expect(page).toHaveURL(/\/links\/new/);
    await page.goto(`${staff.dashboardPath}/links`);
    // The list names the client in its own column (the recipient is the row's link): none at all.
    await expect(page.getByText("No links yet")).toBeVisible();
    await expect(page.getByText("Reasonless Retail")).toHaveCount(0);
  });

  test("the client page form refuses an empty client name and saves nothing", async ({ page }) => {
    const staff = await signUp(page);

    // Creating: an empty name creates no client.
    await page.goto(`${staff.dashboardPath}/clients/new`);
    await page.getByLabel("Contact name").fill("Nina Nameless");
    await page.getByLabel("Contact email").fill("nina@nameless.example");
    await fillSites(page, [{ id: "4444444", name: "nameless.example" }]);
    await page.getByRole("button", { name: "Create client" }).click();
    await expect(page.getByLabel("Client name")).toHaveAccessibleDescription("Enter the client's name");
    await expect(page.getByLabel("Contact name")).toHaveValue("Nina Nameless");
    await page.goto(`${staff.dashboardPath}/clients`);
    await expect(page.getByText("No clients yet.")).toBeVisible();

    // Editing: clearing the name on the client's page is refused and the client keeps its name.
    await createClient(page, staff, {
      name: "Named Nursery",
      contactName: "Nina",
      contactEmail: "nina@named.example",
      sites: [{ id: "5555555", name: "named.example" }],
    });
    await page.getByLabel("Client name").fill("");
    await page.getByRole("button", { name: "Save client" }).click();
    await expect(page.getByLabel("Client name")).toHaveAccessibleDescription("Enter the client's name");
    await expect(page.getByRole("status")).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Named Nursery" })).toBeVisible();
    await expect(page.getByLabel("Client name")).toHaveValue("Named Nursery");
    await page.goto(`${staff.dashboardPath}/clients`);
    await expect(page.getByRole("table").getByRole("row")).toHaveCount(2);
  });
});
