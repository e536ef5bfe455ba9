// Issue 15, item 7: the links list finds a link by the client's contact email or a Hotjar site
// id, filters as the status changes (a button without JavaScript), copies a link, resends it
// after saying to whom, exports CSV, and fits a phone.
import fs from "node:fs";

import type { Browser, Page } from "@playwright/test";

import { createClient, createLink, expect, screenshotPath, signUp, type Staff, test, uniqueId } from "./fixtures";

type Setup = { staff: Staff; lumen: { email: string; url: string; path: string }; nimbus: { email: string; url: string; path: string } };

/** Two clients, one link each: Lumen Lamps (site 7070707) and Nimbus Nets (site 8080808). */
async function twoLinks(page: Page): Promise<Setup> {
  const staff = await signUp(page);
  const id = uniqueId();
  const lumenEmail = `lena-${id}@lumen-lamps.example`;
  const nimbusEmail = `nico-${id}@nimbus-nets.example`;
  await createClient(page, staff, {
    name: "Lumen Lamps",
    contactName: "Lena Lumen",
    contactEmail: lumenEmail,
    sites: [{ id: "7070707", name: "lumen-lamps.example" }],
  });
  const lumenUrl = await createLink(page, ["7070707"]);
  const lumenPath = new URL(page.url()).pathname;
  await createClient(page, staff, {
    name: "Nimbus Nets",
    contactName: "Nico Nimbus",
    contactEmail: nimbusEmail,
    sites: [{ id: "8080808", name: "nimbus-nets.example" }],
  });
  const nimbusUrl = await createLink(page, ["8080808"]);
  const nimbusPath = new URL(page.url()).pathname;
  return {
    staff,
    lumen: { email: lumenEmail, url: lumenUrl, path: lumenPath },
    nimbus: { email: nimbusEmail, url: nimbusUrl, path: nimbusPath },
  };
}

const rows = (page: Page) => page.getByTestId("links").locator("tbody tr");

async function search(page: Page, text: string) {
  await page.getByLabel("Search").fill(text);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(text).replace(/\./g, "\\.")}`));
}

/** The client completes a link in a browser of its own. */
async function complete(browser: Browser, url: string) {
  const context = await browser.newContext();
  try {
    const client = await context.newPage();
    await client.goto(url);
    // Sent to the contact: the confirmation is prefilled with the contact's name and address.
    await expect(client.getByTestId("confirming-as")).toHaveText(/^Confirming as Lena Lumen, lena-\w+@lumen-lamps\.example\.$/);
    await client.getByRole("button", { name: "I've sent the invitation" }).click();
    await expect(client.getByRole("heading", { level: 1 })).toContainText("access recorded");
  } finally {
    await context.close();
  }
}

test("the list shows recipient, sites by name and progress, and finds links by contact email and by site id", async ({ page, browser }) => {
  const { staff, lumen } = await twoLinks(page);
  await complete(browser, lumen.url);
  await page.goto(`${staff.dashboardPath}/links`);
  await expect(page).toHaveTitle(`Links · ${staff.agencyName} · Onboarding links`);
  await expect(rows(page)).toHaveCount(2);
  const lumenRow = rows(page).filter({ hasText: "Lumen Lamps" });
  await expect(lumenRow).toContainText(lumen.email);
  await expect(lumenRow).toContainText("lumen-lamps.example");
  await expect(lumenRow).toContainText("Completed · 0 of 1 site verified");

  await search(page, lumen.email);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page)).toContainText("Lumen Lamps");

  await search(page, "8080808");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page)).toContainText("Nimbus Nets");

  await search(page, "1234567");
  await expect(page.getByText("No links match")).toBeVisible();
});

test("the status filter applies as soon as it changes", async ({ page, browser }) => {
  const { staff, lumen } = await twoLinks(page);
  await complete(browser, lumen.url);
  await page.goto(`${staff.dashboardPath}/links`);
  await expect(rows(page)).toHaveCount(2);
  // With JavaScript there is nothing to press.
  await expect(page.getByRole("button", { name: "Apply" })).toHaveCount(0);
  await page.getByLabel("Status").selectOption("COMPLETED");
  await expect(page).toHaveURL(/status=COMPLETED/);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page)).toContainText("Lumen Lamps");
  await page.getByLabel("Status").selectOption("PENDING");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page)).toContainText("Nimbus Nets");
});

test("Copy puts the link's URL on the clipboard, says Copied for two seconds and shows a toast; so does the client page's CopyValue", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const { staff, lumen } = await twoLinks(page);
  await page.goto(`${staff.dashboardPath}/links`);
  const copy = page.getByRole("button", { name: "Copy link for Lumen Lamps" });
  await copy.click();
  await expect(copy).toHaveText("Copied");
  await expect(page.getByRole("status").filter({ hasText: "Link for Lumen Lamps copied" }).first()).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(lumen.url);
  await expect(copy).toHaveText("Copy", { timeout: 3_000 });

  // The client's page copies its values with CopyValue: the same two seconds.
  const client = await context.newPage();
  await client.goto(lumen.url);
  // Our email address is on step 4 of the steps, shown one at a time.
  for (let step = 1; step < 4; step++) await client.getByRole("button", { name: "Next step" }).click();
  const copyEmail = client.getByRole("button", { name: "Copy Our email address" });
  await copyEmail.click();
  await expect(copyEmail).toHaveText("Copied");
  await expect(copyEmail).toHaveText("Copy", { timeout: 3_000 });
});

test("Resend says who is emailed; Cancel sends nothing, confirming queues the email and says so", async ({ page }) => {
  const { staff, lumen } = await twoLinks(page);
  await page.goto(`${staff.dashboardPath}/links`);
  let posts = 0;
  page.on("request", (r) => {
    if (r.method() === "POST") posts += 1;
  });
  const row = rows(page).filter({ hasText: "Lumen Lamps" });
  await row.getByRole("button", { name: "Send", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Email this link?" });
  await expect(dialog).toContainText(`Lumen Lamps gets an email at ${lumen.email} now`);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect(posts).toBe(0);
  // The outbox, as the link's page shows it: nothing was queued.
  await page.goto(lumen.path);
  await expect(page.getByText("No email for this link yet.")).toBeVisible();

  await page.goto(`${staff.dashboardPath}/links?q=${encodeURIComponent(lumen.email)}`);
  await rows(page).getByRole("button", { name: "Send", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Send email" }).click();
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: `Email queued to ${lumen.email}` })
      .first(),
  ).toBeVisible();
  // Back on the list as it was, and the row now offers to send it again.
  await expect(page).toHaveURL(/q=lena/);
  await expect(rows(page).getByRole("button", { name: "Resend" })).toBeVisible();
  await expect(rows(page)).toContainText("seconds ago");
  await page.goto(lumen.path);
  await expect(page.getByTestId("emails").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("emails")).toContainText(lumen.email);
});

test("while one row's email is on its way, only that row says Sending… and it cannot be sent twice", async ({ page }) => {
  const { staff } = await twoLinks(page);
  await page.goto(`${staff.dashboardPath}/links`);
  let posts = 0;
  // Hold the POST for a moment, as a slow network would.
  await page.route("**/links?index*", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    posts += 1;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  const lumenRow = rows(page).filter({ hasText: "Lumen Lamps" });
  const nimbusRow = rows(page).filter({ hasText: "Nimbus Nets" });
  await lumenRow.getByRole("button", { name: "Send", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Send email" }).click();
  const busy = lumenRow.getByRole("button", { name: "Sending…" });
  await expect(busy).toBeDisabled();
  // Checked once, while the post is still held: the other row is not busy.
  expect(await nimbusRow.getByRole("button", { name: "Sending…" }).count()).toBe(0);
  expect(await nimbusRow.getByRole("button", { name: "Send", exact: true }).isEnabled()).toBe(true);
  await busy.click({ force: true }).catch(() => undefined);
  await expect(page.getByRole("status").filter({ hasText: "Email queued to" }).first()).toBeVisible();
  expect(posts).toBe(1);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the filter has an Apply button, and Resend asks on a confirmation page first", async ({ page }) => {
    const { staff, lumen } = await twoLinks(page);
    await page.goto(`${staff.dashboardPath}/links`);
    await page.getByLabel("Status").selectOption("REVOKED");
    await expect(rows(page)).toHaveCount(2);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByText("No links match")).toBeVisible();

    await page.goto(`${staff.dashboardPath}/links?q=${encodeURIComponent(lumen.email)}`);
    await rows(page).getByRole("button", { name: "Send", exact: true }).click();
    const question = page.getByRole("alertdialog", { name: "Email this link?" });
    await expect(question).toContainText(lumen.email);
    await question.getByRole("link", { name: "Cancel" }).click();
    await expect(page.getByRole("alertdialog")).toHaveCount(0);
    await page.goto(lumen.path);
    await expect(page.getByText("No email for this link yet.")).toBeVisible();

    await page.goto(`${staff.dashboardPath}/links?q=${encodeURIComponent(lumen.email)}`);
    await rows(page).getByRole("button", { name: "Send", exact: true }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Send email" }).click();
    await expect(
      page
        .getByRole("status")
        .filter({ hasText: `Email queued to ${lumen.email}` })
        .first(),
    ).toBeVisible();
    await page.goto(lumen.path);
    await expect(page.getByTestId("emails").locator("tbody tr")).toHaveCount(1);
  });
});

test("CSV exports of links and of grants follow the search", async ({ page, browser }) => {
  const { staff, lumen, nimbus } = await twoLinks(page);
  await complete(browser, lumen.url);
  await page.goto(`${staff.dashboardPath}/links`);

  const read = async (name: string) => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
    return { filename: download.suggestedFilename(), text: fs.readFileSync((await download.path())!, "utf8") };
  };
  const all = await read("Export links (CSV)");
  expect(all.filename).toMatch(/^links-.+-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = all.text.trimEnd().split("\r\n");
  expect(lines[0]).toBe(
    '"created_at","client","contact_email","recipient","status","grants","sites","role","sent_at","first_opened_at","open_count","expires_at","link_id"',
  );
  expect(lines).toHaveLength(3);
  expect(all.text).toContain(
    `"Lumen Lamps","${lumen.email}","${lumen.email}","COMPLETED","0 of 1 site verified","lumen-lamps.example (7070707)"`,
  );
  expect(all.text).toContain(`"Nimbus Nets","${nimbus.email}"`);

  await search(page, "8080808");
  const filtered = await read("Export links (CSV)");
  expect(filtered.text).toContain("Nimbus Nets");
  expect(filtered.text).not.toContain("Lumen Lamps");

  await search(page, "lumen");
  const grants = await read("Export grants (CSV)");
  expect(grants.filename).toMatch(/^grants-.+\.csv$/);
  const grantLines = grants.text.trimEnd().split("\r\n");
  expect(grantLines).toHaveLength(2);
  expect(grantLines[1]).toContain('"Lumen Lamps","7070707","lumen-lamps.example","VIEWER"');
  expect(grantLines[1]).toContain('"INVITED"');
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the list and a link's page do not scroll sideways; each link is a card", async ({ page, browser }) => {
    const { staff, lumen, nimbus } = await twoLinks(page);
    await complete(browser, lumen.url);
    await page.goto(`${staff.dashboardPath}/links`);
    await expect(rows(page)).toHaveCount(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // A card: the column names are shown beside each value.
    await expect(rows(page).first().getByText("Recipient", { exact: true })).toBeVisible();
    await page.screenshot({ path: screenshotPath("links-list-390.png"), fullPage: true });
    // A completed link (grants, emails) and an open one (its URL, the send button).
    for (const path of [lumen.path, nimbus.path]) {
      await page.goto(path);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }
    await page.goto(lumen.path);
    await page.screenshot({ path: screenshotPath("link-page-390.png"), fullPage: true });
  });
});
