import { createClient, createLink, expect, signUp, test } from "./fixtures";

// With no email provider configured, the link email lands in the in-app mailbox: staff send it,
// read it there, and the link in the email is the one the client uses to grant access.
test("staff send a link by email, read it in the mailbox, and the emailed link grants access", async ({ page, browser }) => {
  const staff = await signUp(page);
  await createClient(page, staff, {
    name: "Mailbox Motors",
    contactName: "Morgan Mail",
    contactEmail: "morgan@mailbox-motors.example",
    sites: [{ id: "5151515", name: "mailbox-motors.example" }],
  });
  await createLink(page, ["5151515"], "Monthly heatmap review");
  const linkPage = page.url();

  // It emails the client: a dialog says to whom first.
  await page.getByRole("button", { name: /^Send by email to morgan@mailbox-motors\.example/ }).click();
  const dialog = page.getByRole("dialog", { name: "Email this link to morgan@mailbox-motors.example?" });
  await dialog.getByRole("button", { name: "Send email" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Email queued to morgan@mailbox-motors.example" }).first()).toBeVisible();
  await expect(page.getByTestId("timeline")).toContainText(`${staff.name} emailed the link to morgan@mailbox-motors.example`);
  // The worker delivers within a second or two: the row turns "sent" on reload.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("emails").locator("tbody tr").first()).toHaveAttribute("data-email-status", "SENT");
  }).toPass({ timeout: 15_000 });

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Mailbox", exact: true }).click();
  const message = page.getByTestId("mailbox").getByRole("row").filter({ hasText: "morgan@mailbox-motors.example" });
  await expect(message).toHaveCount(1);
  await message.getByRole("link", { name: /access to your Hotjar site$/ }).click();
  // The email as sent is the first view (tests/e2e/mailbox.spec.ts); its plain text is one link away.
  await page.getByRole("link", { name: "Plain text" }).click();
  const body = page.getByTestId("mail-body");
  await expect(body).toContainText("Monthly heatmap review");
  await expect(body).toContainText("5151515");
  const emailedUrl = (await body.getByRole("link").first().getAttribute("href")) ?? "";
  expect(emailedUrl).toMatch(/\/l\/[A-Za-z0-9._-]+$/);

  // The client follows the emailed link in a fresh browser and grants access.
  const clientContext = await browser.newContext();
  try {
    const client = await clientContext.newPage();
    await client.goto(emailedUrl);
    // Sent to the contact: the confirmation is prefilled with the contact's name and address.
    await expect(client.getByTestId("confirming-as")).toHaveText("Confirming as Morgan Mail, morgan@mailbox-motors.example.");
    await client.getByRole("button", { name: "I've sent the invitation" }).click();
    await expect(client.getByRole("heading", { level: 1 })).toContainText("access recorded");
  } finally {
    await clientContext.close();
  }

  // Staff: the link is completed and the agency was told, in the mailbox too.
  await page.goto(linkPage);
  await expect(page.getByRole("heading", { level: 1 }).locator("[data-status]")).toHaveAttribute("data-status", "COMPLETED");
  await expect(async () => {
    await page.goto(`${staff.dashboardPath}/mailbox`);
    await expect(page.getByTestId("mailbox")).toContainText("[Mailbox Motors] link completed");
  }).toPass({ timeout: 15_000 });
  await page.goto(staff.dashboardPath);
  await expect(page.getByTestId("email-delivery")).toContainText("0 failed");
});
