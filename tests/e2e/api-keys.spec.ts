// Issue 18: an Owner creates an API key on its page, copies the secret shown once, and a
// program calling GET /api/v1/clients with it sees the agency's clients; once revoked, the
// same call is refused with a 401 problem document.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

import { createClient, expect, screenshotPath, signUp, test } from "./fixtures";

/** "Confirm it's you" when the portal asks for it (a session signed in long ago). */
async function confirmIfAsked(page: Page, password: string) {
  if (!/\/reauth\?/.test(page.url())) return;
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Confirm" }).click();
}

test("an Owner creates a key, copies it, calls the API with it, then revokes it and the call is refused", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const owner = await signUp(page);
  await createClient(page, owner, {
    name: "Acme Shoes",
    contactName: "Casey Client",
    contactEmail: "casey@acme-shoes.example",
    sites: [{ id: "1234567", name: "acme-shoes.example" }],
  });

  await page.goto(owner.dashboardPath);
  await page.getByRole("navigation").getByRole("link", { name: "Settings" }).first().click();
  await page.getByRole("link", { name: "Manage API keys" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  await expect(page.getByText("No API keys yet")).toBeVisible();

  await page.getByLabel("Name").fill("CRM sync");
  await page.getByRole("checkbox", { name: "clients:read" }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  await confirmIfAsked(page, owner.password);

  const shown = page.getByTestId("new-key-secret");
  await expect(shown).toBeVisible();
  const secret = (await shown.textContent())?.trim() ?? "";
  expect(secret).toMatch(/^olp_[A-Za-z0-9_-]{8}_/);
  // The form starts blank for the next key.
  await expect(page.getByLabel("Name")).toHaveValue("");
  await page.getByRole("button", { name: "Copy key CRM sync" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  const row = page.getByTestId("api-key-row").filter({ hasText: "CRM sync" });
  await expect(row).toContainText(secret.slice(0, 12));
  await expect(row).toContainText("clients:read");
  await expect(row.getByTestId("key-last-used")).toContainText("Never");

  await page.screenshot({ path: screenshotPath("api-keys-1280.png"), fullPage: true });
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.impact} ${v.id}: ${v.help}`)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: screenshotPath("api-keys-390.png"), fullPage: true });
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.impact} ${v.id}: ${v.help}`)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 720 });

  // A program with the copied key, no cookie of the page's.
  const api = await page.request.get("/api/v1/clients", { headers: { Authorization: `Bearer ${secret}` } });
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { data: { name: string }[] };
  expect(body.data.map((c) => c.name)).toEqual(["Acme Shoes"]);

  // The key shows it was used; the secret is never shown again.
  await page.reload();
  await expect(page.getByTestId("new-key-secret")).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);
  await expect(row.getByTestId("key-last-used")).not.toContainText("Never");

  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByRole("status").filter({ hasText: "revoked" }).first()).toBeVisible();
  await expect(row).toContainText("Revoked");

  const refused = await page.request.get("/api/v1/clients", { headers: { Authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toMatch(/^application\/problem\+json/);
  expect(((await refused.json()) as { detail: string }).detail).toContain("revoked");
});
