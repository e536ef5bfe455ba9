// Issue 18, item 5, in Chromium: from the Links page, download the template, upload a CSV with
// one bad row (its error shows next to it and "Create" cannot be pressed), fix it and upload
// again, create, and download the links: each URL opens the client's page.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import AxeBuilder from "@axe-core/playwright";
import type { Download, Page } from "@playwright/test";
import Database from "better-sqlite3";

import { DATA_DIR } from "./env";
import { expect, screenshotPath, signUp, test } from "./fixtures";

async function textOf(download: Download): Promise<string> {
  return fs.readFileSync((await download.path())!, "utf8");
}

/** Axe-core's violations on the page as it is now, as short lines. */
async function violations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

async function upload(page: Page, csv: string) {
  await page.getByLabel("CSV file").setInputFiles({ name: "links.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByRole("button", { name: "Check the file" }).click();
}

test("a CSV with a bad row is shown with its error and creates nothing; fixed, it creates the links to download", async ({ page }) => {
  const owner = await signUp(page);
  await page.goto(`${owner.dashboardPath}/links`);
  await page.getByRole("link", { name: "Upload a CSV" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Upload links from a CSV" })).toBeVisible();

  const [templateDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download the template" }).click(),
  ]);
  const template = await textOf(templateDownload);
  const [header, ...examples] = template.trim().split(/\r?\n/);
  expect(header).toBe(
    "client_name,contact_name,contact_email,hotjar_site_id,site_name,site_url,role,lifetime_days,reason,language,recipient_email",
  );
  expect(examples).toHaveLength(2);

  // The template's client (two sites, rows 2 and 3) and a second client whose role is wrong (row 4).
  const globex = (role: string) => `Globex,Gina Globex,gina@globex.example,3456789,globex.example,,${role},7,Monthly conversion review,,`;
  await upload(page, [header, ...examples, globex("Admin")].join("\r\n"));
  const badRow = page.locator('[data-row="4"]');
  await expect(badRow).toContainText("Choose Viewer or User (Admin is never requested)");
  await expect(page.getByTestId("bulk-counts")).toContainText("1 row with errors");
  await expect(page.getByRole("button", { name: /^Create/ })).toBeDisabled();
  await page.screenshot({ path: screenshotPath("links-bulk-errors-1280.png"), fullPage: true });
  expect(await violations(page)).toEqual([]);

  await upload(page, [header, ...examples, globex("User")].join("\r\n"));
  await expect(page.getByTestId("bulk-counts")).toContainText("3 rows");
  await expect(page.getByTestId("bulk-counts")).toContainText("2 links");
  await expect(page.locator('[data-row="4"]')).toContainText("Ready");
  await page.getByRole("button", { name: "Create 2 links" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "2 links created" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "2 links created." }).first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
  const [linksDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download the links (CSV)" }).click(),
  ]);
  const lines = (await textOf(linksDownload)).trim().split(/\r?\n/);
  expect(lines[0]).toBe('"client","contact","contact_email","recipient","sites","url","expires_at"');
  expect(lines).toHaveLength(3);
  const acme = lines.find((l) => l.startsWith('"Acme Shoes"'))!;
  expect(acme).toContain('"acme-shoes.example (1234567); blog.acme-shoes.example (2345678)"');
  const url = /"(https?:\/\/[^"]+\/l\/[^"]+)"/.exec(acme)?.[1];
  expect(url).toBeTruthy();

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.goto(url!);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator("body")).toContainText(owner.agencyName);
});

test("a large upload's page shows its create running, then turns into what happened without a reload", async ({ page }) => {
  const owner = await signUp(page, { agencyName: "Northwind Analytics" });
  const slug = owner.dashboardPath.split("/")[2]!;
  const batchId = randomUUID();
  // An upload this server's process is not running (as another instance's would be): the page
  // knows it is running but has no count. Written as the app writes it (ISO text dates).
  const file = new Database(path.join(DATA_DIR, "portal.db"));
  try {
    const agency = file.prepare('SELECT id FROM "Agency" WHERE slug = ?').get(slug) as { id: string };
    const member = file.prepare('SELECT userId FROM "Membership" WHERE agencyId = ?').get(agency.id) as { userId: string };
    file
      .prepare(
        'INSERT INTO "BulkUpload" (id, agencyId, batchId, createdById, status, rowCount, linkCount, clientCount, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        `e2e${Date.now()}`,
        agency.id,
        batchId,
        member.userId,
        "CREATING",
        3_400,
        3_200,
        3_100,
        new Date().toISOString().replace("Z", "+00:00"),
      );

    await page.goto(`${owner.dashboardPath}/links/bulk/${batchId}`);
    await expect(page.getByRole("heading", { level: 1, name: "Creating 3,200 links…" })).toBeVisible();
    await expect(page.getByText("From your CSV upload: 3,400 rows, 3,100 new clients.")).toBeVisible();
    await expect(page.getByRole("progressbar", { name: "Links made" })).toBeVisible();
    await expect(page.getByTestId("bulk-progress")).toContainText("Working on it…");
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("links-bulk-creating-1280.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath("links-bulk-creating-390.png"), fullPage: true });

    // The create ends badly; the open page asks again by itself and says so.
    file
      .prepare('UPDATE "BulkUpload" SET status = ?, error = ? WHERE batchId = ?')
      .run("FAILED", "Row 7: Choose one of your active clients. Nothing was created.", batchId);
    await expect(page.getByRole("heading", { level: 1, name: "Nothing was created" })).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId("bulk-error")).toHaveText("Row 7: Choose one of your active clients. Nothing was created.");
    expect(await violations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath("links-bulk-failed-390.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: screenshotPath("links-bulk-failed-1280.png"), fullPage: true });
    await page.getByRole("link", { name: "Upload a file again" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Upload links from a CSV" })).toBeVisible();
  } finally {
    file.close();
  }
});
