import { BASE_URL } from "./env";
import { createClient, expect, screenshotPath, signUp, test } from "./fixtures";

test("staff create a link, the client confirms it without an account, staff verify the grant", async ({ page, browser }) => {
  // Staff: sign up, land on the dashboard.
  const staff = await signUp(page);
  await expect(page.getByRole("banner")).toContainText(staff.agencyName);
  await expect(page.getByText("No links yet")).toBeVisible();

  // A client with two Hotjar sites.
  await createClient(page, staff, {
    name: "Bright Bikes",
    contactName: "Robin Client",
    contactEmail: "robin@bright-bikes.example",
    sites: [
      { id: "1111111", name: "bright-bikes.example", url: "https://bright-bikes.example" },
      { id: "2222222", name: "shop.bright-bikes.example", url: "https://shop.bright-bikes.example" },
    ],
  });
  const sites = page.getByRole("group", { name: "Hotjar sites" });
  await expect(sites.getByLabel("Site 1 ID", { exact: true })).toHaveValue("1111111");
  await expect(sites.getByLabel("Site 2 ID", { exact: true })).toHaveValue("2222222");

  // A Viewer link for the second site only.
  await page.getByRole("link", { name: "New link for this client" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New onboarding link" })).toBeVisible();
  await expect(page.getByLabel("Client", { exact: true }).locator("option:checked")).toHaveText("Bright Bikes");
  await page.getByRole("radio", { name: /^Viewer/ }).check();
  await page.getByRole("checkbox", { name: /2222222/ }).check();
  await expect(page.getByRole("checkbox", { name: /1111111/ })).not.toBeChecked();
  await page.getByLabel("Business reason").fill("Quarterly UX review of the checkout");
  await page.getByRole("button", { name: "Create link" }).click();

  await expect(page.getByRole("status").filter({ hasText: "Link created" }).first()).toBeVisible();
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toContainText("Bright Bikes");
  await expect(heading.locator("[data-status]")).toHaveAttribute("data-status", "PENDING");
  const linkUrl = (await page.getByTestId("link-url").textContent())?.trim() ?? "";
  expect(linkUrl).toMatch(new RegExp(`^${BASE_URL}/l/[A-Za-z0-9._-]+$`));

  // The client: a fresh browser context, no cookies, no account.
  const clientContext = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  try {
    expect(await clientContext.cookies()).toEqual([]);
    const client = await clientContext.newPage();
    const response = await client.goto(linkUrl);
    expect(response?.status()).toBe(200);

    await expect(client.getByTestId("agency-name")).toHaveText(staff.agencyName);
    await expect(client.getByRole("heading", { level: 1 })).toHaveText(`${staff.agencyName} asks for access to your Hotjar site`);
    // Our Viewer, in Hotjar's own words.
    await expect(client.getByTestId("role")).toContainText("“Read Only”");
    await expect(client.getByTestId("sites")).toContainText("shop.bright-bikes.example");
    await expect(client.getByTestId("sites")).toContainText("2222222");
    await expect(client.getByTestId("sites")).not.toContainText("1111111");
    // The grantee defaults to the signing-up owner's email.
    await expect(client.getByTestId("grantee")).toHaveText(staff.email);
    await expect(client.getByText("Quarterly UX review of the checkout")).toBeVisible();

    // Staff see the open straight away.
    await page.reload();
    await expect(heading.locator("[data-status]")).toHaveAttribute("data-status", "OPENED");
    await expect(page.getByTestId("opened")).toHaveText(/^1 time, first /);

    // Hotjar's documented steps, one at a time; the values to paste each with a Copy button.
    await expect(client.getByRole("heading", { name: `Invite ${staff.agencyName} in Hotjar` })).toBeVisible();
    const steps = client.getByTestId("guided-steps");
    await expect(steps.getByRole("heading", { name: "Step 1 of 5" })).toBeVisible();
    for (const step of [2, 3, 4]) {
      await client.getByRole("button", { name: "Next step" }).click();
      await expect(steps.getByRole("heading", { name: `Step ${step} of 5` })).toBeVisible();
    }
    await expect(steps.getByRole("heading", { name: /^Step [1235] of 5$/ })).toHaveCount(0);
    const clipboard = () => client.evaluate(() => navigator.clipboard.readText());
    await steps.getByRole("button", { name: "Copy Access level" }).click();
    await expect.poll(clipboard).toBe("Read Only");
    const copyEmail = steps.getByRole("button", { name: "Copy Our email address" });
    await copyEmail.click();
    await expect(copyEmail).toHaveText("Copied");
    await expect.poll(clipboard).toBe(staff.email);
    // The site's own Team tab, for accounts that show it, names the site to open.
    await client.getByText("My screen looks different").click();
    await client.getByTestId("looks-different").getByRole("button", { name: "Copy Site ID" }).click();
    await expect.poll(clipboard).toBe("2222222");

    // Confirm: the link went to the contact, so the form is prefilled; the site asked for is ticked.
    await expect(client.getByTestId("confirming-as")).toHaveText("Confirming as Robin Client, robin@bright-bikes.example.");
    await client.getByText("Change name, email or sites").click();
    await expect(client.getByRole("checkbox", { name: /2222222/ })).toBeChecked();
    await expect(client.getByRole("checkbox", { name: /1111111/ })).toHaveCount(0);
    await client.getByRole("button", { name: "I've sent the invitation" }).click();
    await expect(client.getByRole("heading", { level: 1, name: "Thank you: access recorded" })).toBeVisible();
    await expect(client.getByTestId("granted")).toContainText("2222222");
    await expect(client.getByRole("button", { name: "I've sent the invitation" })).toHaveCount(0);
  } finally {
    await clientContext.close();
  }

  // Staff again: the link is completed and the grant is recorded as invited.
  await page.reload();
  await expect(heading.locator("[data-status]")).toHaveAttribute("data-status", "COMPLETED");
  await expect(heading.locator("[data-status]")).toHaveText("Completed");
  await expect(page.getByTestId("link-url")).toHaveCount(0);
  const row = page.getByTestId("grants").getByRole("row").filter({ hasText: "2222222" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("shop.bright-bikes.example");
  await expect(row).toContainText("Viewer");
  await expect(row).toContainText(staff.email);
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "INVITED");
  await expect(row.locator("[data-status]")).toHaveText("Invited");
  await expect(page.getByTestId("timeline")).toContainText("The client opened the link");
  await expect(page.getByTestId("timeline")).toContainText("Robin Client confirmed the invitation was sent");

  // Staff accepted the Hotjar invitation: mark it verified.
  await row.getByRole("button", { name: "Mark verified" }).click();
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "ACTIVE");
  await expect(row.locator("[data-status]")).toHaveText("Active");
  await expect(row.getByRole("button", { name: "Mark verified" })).toHaveCount(0);
  await page.screenshot({ path: screenshotPath("staff-link-page.png"), fullPage: true });

  // The dashboard counts it as completed.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.getByTestId("count-COMPLETED")).toContainText(/^1\s*Completed$/);
  await expect(page.getByTestId("count-PENDING")).toContainText(/^0/);
});
