// Issue 18: the API reference at /docs/api, reached from the API keys page, shows every
// operation of the served OpenAPI document with its method, path, scope and fields, links the
// document itself, fits a phone and has no accessibility violation.
import AxeBuilder from "@axe-core/playwright";

import { expect, screenshotPath, signUp, test } from "./fixtures";

type Doc = { paths: Record<string, Record<string, { operationId: string; summary: string; "x-scope": string }>> };

test("the API keys page links the reference, which shows every operation of openapi.json", async ({ page, request }) => {
  const owner = await signUp(page);
  await page.goto(`${owner.dashboardPath}/api-keys`);
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/docs\/api$/);
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  await expect(page).toHaveTitle(/^API reference · /);

  const doc = (await (await request.get("/api/v1/openapi.json")).json()) as Doc;
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, ...op })),
  );
  expect(operations.length).toBeGreaterThanOrEqual(3);
  for (const op of operations) {
    const card = page.getByRole("article", {
      name: new RegExp(`${op.method.toUpperCase()}\\s*${op.path.replace(/[{}]/g, "\\$&")}\\s*${op.summary}`),
    });
    await expect(card, `${op.operationId}`).toBeVisible();
    await expect(card.getByText(op["x-scope"], { exact: true }).first()).toBeVisible();
  }
  const create = page.getByRole("article", { name: /POST\s*\/links\s*Create a link/ });
  await expect(create.getByText("recipientEmail", { exact: true })).toBeVisible();
  await expect(create.getByText("Idempotency-Key", { exact: true })).toBeVisible();
  await create.getByText(/\d+ fields \(application\/json\)/).click();
  await expect(create.getByText("data.url", { exact: true })).toBeVisible();
  await expect(page.getByText(/curl -sS -X POST .*\/api\/v1\/links/)).toBeVisible();

  await page.getByRole("link", { name: "openapi.json" }).first().click();
  await expect(page).toHaveURL(/\/api\/v1\/openapi\.json$/);
});

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test(`the reference fits ${viewport.width} px without sideways scroll and passes axe-core`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto("/docs/api");
    await expect(page.getByRole("heading", { level: 2, name: "Getting started" })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await page.screenshot({ path: screenshotPath(`api-reference-${viewport.width}.png`), fullPage: true });
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
  });
}
