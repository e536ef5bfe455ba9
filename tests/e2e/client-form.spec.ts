// Issue 15, item 8: the client form takes a pasted Hotjar address and a website without a scheme,
// adds and removes site rows (at once with JavaScript, by redrawing without it), and the New link
// form warns before asking again for a site the agency already holds active access to.
import type { Page } from "@playwright/test";

import { createClient, expect, screenshotPath, signUp, type Staff, test } from "./fixtures";

const HOTJAR_ADDRESS = "https://insights.hotjar.com/site/1234567/overview?date=last_7_days";
const SITE_ID_HELP =
  "Enter the site ID (digits, e.g. 1234567) or paste the site's Hotjar address, like insights.hotjar.com/site/1234567/overview";
const WEBSITE_HELP = "Enter the site's address, like acmeshoes.com or https://shop.acmeshoes.com";

const sites = (page: Page) => page.getByRole("group", { name: "Hotjar sites" });
const siteField = (page: Page, n: number, what: "ID" | "name" | "URL (optional)") =>
  sites(page).getByLabel(`Site ${n} ${what}`, { exact: true });

/** Fills the new-client form with three sites (adding two rows) and removes the second, checking each step. */
async function fillThreeSitesAndRemoveOne(page: Page, staff: Staff) {
  await page.goto(`${staff.dashboardPath}/clients/new`);
  await page.getByLabel("Client name").fill("Acme Shoes");
  await page.getByLabel("Contact name").fill("Casey Client");
  await page.getByLabel("Contact email").fill("casey@acmeshoes.example");
  // One empty row to start with, and nothing to remove.
  await expect(sites(page).getByLabel(/^Site \d+ ID$/)).toHaveCount(1);
  await expect(sites(page).getByRole("button", { name: /^Remove/ })).toHaveCount(0);

  await siteField(page, 1, "ID").fill(HOTJAR_ADDRESS);
  await siteField(page, 1, "name").fill("Shop");
  await siteField(page, 1, "URL (optional)").fill("acmeshoes.com");
  await sites(page).getByRole("button", { name: "Add another site" }).click();
  await siteField(page, 2, "ID").fill("2222222");
  await siteField(page, 2, "name").fill("Old blog");
  await sites(page).getByRole("button", { name: "Add another site" }).click();
  await siteField(page, 3, "ID").fill("insights.hotjar.com/sites/3333333/");
  await siteField(page, 3, "name").fill("Outlet");
  await siteField(page, 3, "URL (optional)").fill("www.acmeshoes.com/outlet");
  // Every value typed so far is still there.
  await expect(page.getByLabel("Client name")).toHaveValue("Acme Shoes");
  await expect(siteField(page, 1, "ID")).toHaveValue(HOTJAR_ADDRESS);

  await sites(page).getByRole("button", { name: "Remove site 2" }).click();
  await expect(sites(page).getByLabel(/^Site \d+ ID$/)).toHaveCount(2);
  await expect(siteField(page, 1, "ID")).toHaveValue(HOTJAR_ADDRESS);
  await expect(siteField(page, 2, "ID")).toHaveValue("insights.hotjar.com/sites/3333333/");
  await expect(siteField(page, 2, "URL (optional)")).toHaveValue("www.acmeshoes.com/outlet");
  await expect(page.getByLabel("Contact email")).toHaveValue("casey@acmeshoes.example");
  // Nothing was saved meanwhile.
  await expect(page.getByRole("heading", { level: 1, name: "New client" })).toBeVisible();
}

/** On the client's page (after a reload, so from the database): the digits and the https URLs. */
async function expectStoredSites(page: Page) {
  await expect(page.getByRole("heading", { level: 1, name: "Acme Shoes" })).toBeVisible();
  await page.reload();
  await expect(siteField(page, 1, "ID")).toHaveValue("1234567");
  await expect(siteField(page, 1, "name")).toHaveValue("Shop");
  await expect(siteField(page, 1, "URL (optional)")).toHaveValue("https://acmeshoes.com");
  await expect(siteField(page, 2, "ID")).toHaveValue("3333333");
  await expect(siteField(page, 2, "URL (optional)")).toHaveValue("https://www.acmeshoes.com/outlet");
  // The client's two sites and one empty row for the next.
  await expect(siteField(page, 3, "ID")).toHaveValue("");
  await expect(sites(page).getByLabel(/^Site \d+ ID$/)).toHaveCount(3);
}

test.describe("the client form", () => {
  test("with JavaScript: a pasted Hotjar address and a bare domain are stored as the id and an https URL; rows come and go at once", async ({
    page,
  }) => {
    const staff = await signUp(page);
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(request.url());
    });
    await fillThreeSitesAndRemoveOne(page, staff);
    // Adding and removing rows asked nothing of the server.
    expect(posts).toEqual([]);
    // The cursor went into the row that took the removed one's place.
    await expect(siteField(page, 2, "ID")).toBeFocused();

    // Garbage is refused next to its field, saying what to type.
    await siteField(page, 2, "ID").fill("https://example.com/site/3333333");
    await siteField(page, 2, "URL (optional)").fill("acme shoes");
    await page.getByRole("button", { name: "Create client" }).click();
    await expect(siteField(page, 2, "ID")).toHaveAccessibleDescription(SITE_ID_HELP);
    await expect(siteField(page, 2, "URL (optional)")).toHaveAccessibleDescription(WEBSITE_HELP);
    await expect(siteField(page, 1, "ID")).not.toHaveAttribute("aria-invalid");
    await page.screenshot({ path: screenshotPath("client-form-errors.png"), fullPage: true });

    await siteField(page, 2, "ID").fill("insights.hotjar.com/sites/3333333/");
    await siteField(page, 2, "URL (optional)").fill("www.acmeshoes.com/outlet");
    await page.getByRole("button", { name: "Create client" }).click();
    await expectStoredSites(page);

    // Editing: remove the first site at once, save, and it is gone.
    await sites(page).getByRole("button", { name: "Remove site 1" }).click();
    await expect(siteField(page, 1, "ID")).toHaveValue("3333333");
    await page.getByRole("button", { name: "Save client" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    await page.reload();
    await expect(siteField(page, 1, "ID")).toHaveValue("3333333");
    await expect(sites(page).getByLabel(/^Site \d+ ID$/)).toHaveCount(2);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("the add and remove buttons redraw the form with every value kept and nothing saved; Enter still saves", async ({ page }) => {
      const staff = await signUp(page);
      await fillThreeSitesAndRemoveOne(page, staff);
      await page.goto(`${staff.dashboardPath}/clients`);
      await expect(page.getByText("No clients yet.")).toBeVisible();

      await fillThreeSitesAndRemoveOne(page, staff);
      // Enter in a field presses the form's first submit button: save, not "Remove".
      await page.getByLabel("Contact name").press("Enter");
      await expectStoredSites(page);
    });
  });
});

test("a new link marks a site already granted and active, and asks for an explicit yes before asking again", async ({ page, browser }) => {
  const staff = await signUp(page);
  await createClient(page, staff, {
    name: "Granted Goods",
    contactName: "Gina Granted",
    contactEmail: "gina@granted-goods.example",
    sites: [
      { id: "4545454", name: "granted-goods.example" },
      { id: "5656565", name: "blog.granted-goods.example" },
    ],
  });
  const clientPath = new URL(page.url()).pathname;

  // A link for the first site, completed by the client and verified by staff: ACTIVE.
  await page.getByRole("link", { name: "New link for this client" }).click();
  await page.getByRole("checkbox", { name: /4545454/ }).check();
  await page.getByLabel("Business reason").fill("Checkout heatmaps");
  await page.getByRole("button", { name: "Create link" }).click();
  const linkUrl = (await page.getByTestId("link-url").textContent())?.trim() ?? "";
  const clientContext = await browser.newContext();
  try {
    const client = await clientContext.newPage();
    await client.goto(linkUrl);
    // Sent to the contact: the confirmation is prefilled with the contact's name and address.
    await expect(client.getByTestId("confirming-as")).toHaveText("Confirming as Gina Granted, gina@granted-goods.example.");
    await client.getByRole("button", { name: "I've sent the invitation" }).click();
    await expect(client.getByRole("heading", { level: 1, name: "Thank you: access recorded" })).toBeVisible();
  } finally {
    await clientContext.close();
  }
  await page.goto(clientPath);
  const grantRow = page.getByTestId("grants").getByRole("row").filter({ hasText: "4545454" });
  await grantRow.getByRole("button", { name: "Mark verified" }).click();
  await expect(grantRow.locator("[data-status]")).toHaveAttribute("data-status", "ACTIVE");

  // The New link form says so next to the site, and not next to the other one.
  const today = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" }).format(new Date());
  await page.getByRole("link", { name: "New link for this client" }).click();
  const granted = page.getByRole("checkbox", { name: /4545454/ });
  await expect(granted).toHaveAccessibleName(
    `granted-goods.example 4545454 already granted (Viewer (Hotjar: Read Only), verified ${today})`,
  );
  await expect(page.getByRole("checkbox", { name: /5656565/ })).not.toHaveAccessibleName(/already granted/);
  await expect(granted).not.toBeChecked();

  // Asking for it anyway: the form comes back with both sites still ticked and a box to tick; no link yet.
  await granted.check();
  await page.getByRole("checkbox", { name: /5656565/ }).check();
  await page.getByLabel("Business reason").fill("Second look at the checkout");
  await page.getByRole("button", { name: "Create link" }).click();
  const warning = page.getByTestId("already-granted");
  await expect(warning).toContainText(
    `You already have access to granted-goods.example 4545454 (Viewer (Hotjar: Read Only), verified ${today})`,
  );
  const confirm = warning.getByRole("checkbox", { name: "Yes, ask again for this site" });
  await expect(confirm).not.toBeChecked();
  await expect(warning.getByRole("alert")).toHaveText(
    "Tick the box to ask again for a site you already have access to, or untick that site.",
  );
  await expect(page).toHaveURL(/\/links\/new/);
  await expect(granted).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /5656565/ })).toBeChecked();
  await expect(page.getByLabel("Business reason")).toHaveValue("Second look at the checkout");
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
    await page.screenshot({ path: screenshotPath(`new-link-already-granted-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // The same without JavaScript, then the explicit yes creates the link.
  const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  try {
    const staffPage = await noScript.newPage();
    await staffPage.goto(clientPath);
    await staffPage.getByRole("link", { name: "New link for this client" }).click();
    await staffPage.getByRole("checkbox", { name: /4545454/ }).check();
    await staffPage.getByLabel("Business reason").fill("Second look at the checkout");
    await staffPage.getByRole("button", { name: "Create link" }).click();
    const box = staffPage.getByTestId("already-granted").getByRole("checkbox", { name: "Yes, ask again for this site" });
    await box.check();
    await staffPage.getByRole("button", { name: "Create link" }).click();
    await expect(staffPage.getByRole("status")).toContainText("Link created");
  } finally {
    await noScript.close();
  }
});
