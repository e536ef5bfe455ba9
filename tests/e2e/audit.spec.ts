import fs from "node:fs";

import { createClient, expect, screenshotPath, signUp, test } from "./fixtures";

// Every cell is quoted (app/modules/audit/csv.ts), the header too.
const HEADER = '"time","actor_type","actor","type","client","link_id","grant_id","ip_hash","user_agent","details"';

// An owner reads their agency's audit log, narrows it by event type, and downloads the same
// selection as CSV.
test("an owner sees, filters and exports the audit log", async ({ page }) => {
  const staff = await signUp(page);
  await createClient(page, staff, {
    name: "Audit Apparel",
    contactName: "Ada Audit",
    contactEmail: "ada@audit-apparel.example",
    sites: [{ id: "7171717", name: "audit-apparel.example" }],
  });

  await page.goto(`${staff.dashboardPath}/audit`);
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const table = page.getByTestId("audit");
  await expect(table.locator('tr[data-event-type="agency.created"]')).toContainText(staff.email);
  const clientRow = table.locator('tr[data-event-type="client.created"]');
  await expect(clientRow).toContainText("Audit Apparel");
  await expect(clientRow).toContainText(staff.email);
  // The time as people say it, the exact one (UTC) on hover.
  await expect(clientRow.locator("time")).toHaveAttribute("title", /UTC$/);
  await page.screenshot({ path: screenshotPath("audit-log.png"), fullPage: true });

  // Picked from the list of event kinds; it applies at once.
  await page.getByLabel("Event").selectOption({ label: "Clients (all)" });
  await expect(page).toHaveURL(/[?&]type=client\.(&|$)/);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.locator('tr[data-event-type="agency.created"]')).toHaveCount(0);

  const exportLink = page.getByRole("link", { name: "Export CSV" });
  await expect(exportLink).toHaveAttribute("href", /\/audit\.csv\?type=client\.$/);
  const [download] = await Promise.all([page.waitForEvent("download"), exportLink.click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toBe(HEADER);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain('","client.created","Audit Apparel","');

  // Through the real server: the headers a browser and any proxy see.
  const response = await page.request.get((await exportLink.getAttribute("href"))!);
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(response.headers()["cache-control"]).toBe("no-store");
  expect(response.headers()["content-disposition"]).toBe(`attachment; filename="${download.suggestedFilename()}"`);
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");

  // A hand-edited query string is not an error: the page says what it ignored.
  await page.goto(`${staff.dashboardPath}/audit?actor=robot&from=2024-02-30&type=agency`);
  await expect(page.getByTestId("ignored-filters")).toContainText('actor "robot"');
  await expect(page.getByTestId("ignored-filters")).toContainText('from date "2024-02-30"');
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.locator('tr[data-event-type="agency.created"]')).toHaveCount(1);
  await page.screenshot({ path: screenshotPath("audit-log-ignored.png"), fullPage: true });
});
