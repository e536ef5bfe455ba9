// Issue 15, item 3 on a link's page: "Send by email" and "Revoke grant" both email the client,
// so each asks first in a dialog that says to whom (a confirmation page without JavaScript);
// Cancel changes nothing, confirming does it and says so. "Mark verified" needs no question and
// says what it verified. Follows tests/e2e/confirmations.spec.ts.
import type { Browser, Page } from "@playwright/test";

import { createClient, createLink, expect, screenshotPath, signUp, test } from "./fixtures";

const CONTACT = "pia@pine-paints.example";

async function newLink(page: Page) {
  const staff = await signUp(page);
  await createClient(page, staff, {
    name: "Pine Paints",
    contactName: "Pia Pine",
    contactEmail: CONTACT,
    sites: [
      { id: "6060606", name: "pine-paints.example" },
      { id: "6161616", name: "shop.pine-paints.example" },
    ],
  });
  const url = await createLink(page, ["6060606", "6161616"]);
  return { staff, url, linkPath: new URL(page.url()).pathname };
}

/** The client confirms the Hotjar invitation for both sites, in a browser of its own. */
async function complete(browser: Browser, url: string) {
  const context = await browser.newContext();
  try {
    const client = await context.newPage();
    await client.goto(url);
    // Sent to the contact: the confirmation is prefilled with the contact's name and address.
    await expect(client.getByTestId("confirming-as")).toHaveText(`Confirming as Pia Pine, ${CONTACT}.`);
    await client.getByRole("button", { name: "I've sent the invitation" }).click();
    await expect(client.getByRole("heading", { level: 1 })).toContainText("access recorded");
  } finally {
    await context.close();
  }
}

const emailRows = (page: Page) => page.getByTestId("emails").locator("tbody tr");
const grantRow = (page: Page, site: string) => page.getByTestId("grants").locator(`tr[data-site="${site}"]`);

test.describe("send by email", () => {
  test("asks who is emailed; Cancel queues nothing, confirming queues it and says so", async ({ page }) => {
    const { linkPath } = await newLink(page);
    await expect(page).toHaveTitle(/^Link for Pine Paints · /);
    await page.getByRole("button", { name: `Send by email to ${CONTACT}` }).click();
    const dialog = page.getByRole("dialog", { name: `Email this link to ${CONTACT}?` });
    await expect(dialog).toContainText(`Pine Paints gets an email at ${CONTACT} now`);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await page.goto(linkPath);
    await expect(page.getByText("No email for this link yet.")).toBeVisible();

    await page.getByRole("button", { name: `Send by email to ${CONTACT}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Send email" }).click();
    await expect(
      page
        .getByRole("status")
        .filter({ hasText: `Email queued to ${CONTACT}` })
        .first(),
    ).toBeVisible();
    await expect(emailRows(page)).toHaveCount(1);
    // Sent once: the button now says it sends it again. No ?sent=1 in the address.
    await expect(page.getByRole("button", { name: `Send again by email to ${CONTACT}` })).toBeVisible();
    expect(page.url()).not.toContain("sent=");
  });
});

test.describe("send by email without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the server asks on a confirmation page; Cancel queues nothing, confirming queues it", async ({ page }) => {
    const { linkPath } = await newLink(page);
    await page.getByRole("button", { name: `Send by email to ${CONTACT}` }).click();
    const question = page.getByRole("alertdialog", { name: `Email this link to ${CONTACT}?` });
    await expect(question).toContainText(CONTACT);
    await expect(page.getByText("No email for this link yet.")).toBeVisible();
    await question.getByRole("link", { name: "Cancel" }).click();
    await expect(page.getByRole("alertdialog")).toHaveCount(0);
    await expect(page.getByText("No email for this link yet.")).toBeVisible();

    await page.getByRole("button", { name: `Send by email to ${CONTACT}` }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Send email" }).click();
    await expect(
      page
        .getByRole("status")
        .filter({ hasText: `Email queued to ${CONTACT}` })
        .first(),
    ).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`${linkPath}$`));
    await expect(emailRows(page)).toHaveCount(1);
  });
});

test.describe("grants", () => {
  test("Mark verified is one click and says what it verified; Revoke grant asks, Cancel keeps it, confirming revokes and emails", async ({
    page,
    browser,
  }) => {
    const { url, linkPath } = await newLink(page);
    await complete(browser, url);
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Completed · 0 of 2 sites verified");

    await grantRow(page, "6060606").getByRole("button", { name: "Mark verified" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Marked verified: Pine Paints, site 6060606" }).first()).toBeVisible();
    // Back where it was posted from, query included.
    expect(new URL(page.url()).pathname).toBe(linkPath);
    await expect(grantRow(page, "6060606").locator("[data-status]")).toHaveAttribute("data-status", "ACTIVE");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Completed · 1 of 2 sites verified");

    const emailsBefore = await emailRows(page).count();
    await grantRow(page, "6161616").getByRole("button", { name: "Revoke grant" }).click();
    const dialog = page.getByRole("dialog", { name: "Revoke this access?" });
    await expect(dialog).toContainText(`Pia Pine (${CONTACT}) is emailed at once`);
    await page.screenshot({ path: screenshotPath("revoke-grant-dialog-1280.png") });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await page.reload();
    await expect(grantRow(page, "6161616").locator("[data-status]")).toHaveAttribute("data-status", "INVITED");
    await expect(emailRows(page)).toHaveCount(emailsBefore);

    await grantRow(page, "6161616").getByRole("button", { name: "Revoke grant" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke and email" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Access revoked: Pine Paints, site 6161616" }).first()).toBeVisible();
    await expect(grantRow(page, "6161616").locator("[data-status]")).toHaveAttribute("data-status", "REVOKED");
    await expect(emailRows(page).filter({ hasText: "Client: access ended" })).toHaveCount(1);
  });

  test("a dashboard's Mark verified (intent=verify, redirectTo) goes back to the dashboard with no question", async ({ page, browser }) => {
    const { staff, url } = await newLink(page);
    await complete(browser, url);
    await page.reload();
    const grantId = await grantRow(page, "6060606")
      .getByRole("button", { name: "Mark verified" })
      .evaluate((b) => {
        const action = (b as HTMLButtonElement).form!.getAttribute("action")!;
        return action.split("/").pop()!;
      });
    // The dashboard's form, as another page would post it.
    await page.goto(staff.dashboardPath);
    await page.evaluate(
      ({ action, back }) => {
        const form = document.createElement("form");
        form.method = "post";
        form.action = action;
        for (const [name, value] of Object.entries({ intent: "verify", redirectTo: back })) {
          const input = document.createElement("input");
          input.type = "hidden";
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      },
      { action: `${staff.dashboardPath}/grants/${grantId}`, back: staff.dashboardPath },
    );
    await expect(page).toHaveURL(new RegExp(`${staff.dashboardPath}$`));
    await expect(page.getByText("Marked verified: Pine Paints, site 6060606").first()).toBeVisible();
  });
});

test.describe("revoking a grant without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("asks on the grant's page; Cancel keeps it, confirming revokes and goes back to the link", async ({ page, browser }) => {
    const { url, linkPath } = await newLink(page);
    await complete(browser, url);
    await page.reload();
    await grantRow(page, "6161616").getByRole("button", { name: "Revoke grant" }).click();
    const question = page.getByRole("alertdialog", { name: "Revoke this access?" });
    await expect(question).toContainText(`Pia Pine (${CONTACT}) is emailed at once`);
    await question.getByRole("link", { name: "Cancel" }).click();
    await expect(page.getByRole("alertdialog")).toHaveCount(0);
    await expect(page.getByRole("heading", { level: 1 }).locator("[data-status]")).toHaveAttribute("data-status", "INVITED");

    await page.goto(linkPath);
    await grantRow(page, "6161616").getByRole("button", { name: "Revoke grant" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke and email" }).click();
    await expect(page).toHaveURL(new RegExp(`${linkPath}$`));
    await expect(page.getByRole("status").filter({ hasText: "Access revoked: Pine Paints, site 6161616" }).first()).toBeVisible();
    await expect(grantRow(page, "6161616").locator("[data-status]")).toHaveAttribute("data-status", "REVOKED");
  });
});
