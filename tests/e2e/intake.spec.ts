// Issue 18, item 6: an Admin (here the Owner) makes an intake link and copies its address; a
// visitor in another browser fills the short form in, lands on the client's page and confirms in
// one click; the dashboard shows the arrival; once switched off, the address is dead (410). The
// public page also speaks the visitor's language (Accept-Language: es).
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

import { expect, screenshotPath, signUp, test } from "./fixtures";

async function looksRight(page: Page, name: string) {
  const violations = async () => (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.impact} ${v.id}: ${v.help}`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: screenshotPath(`${name}-1280.png`), fullPage: true });
  expect(await violations()).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: screenshotPath(`${name}-390.png`), fullPage: true });
  expect(await violations()).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("an intake link from creation to a client's confirmed request, then switched off for good", async ({ page, context, browser }) => {
  // Many screens, each looked at twice with axe.
  test.setTimeout(120_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const owner = await signUp(page);

  await page.getByRole("navigation").getByRole("link", { name: "Settings" }).first().click();
  await page.getByRole("link", { name: "Manage intake links" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Intake links" })).toBeVisible();
  await expect(page.getByText("No intake links yet")).toBeVisible();
  await looksRight(page, "intake-links-empty");
  await page.getByRole("link", { name: "New intake link" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New intake link" })).toBeVisible();
  await looksRight(page, "intake-link-new");

  await page.getByLabel("Name").fill("Website contact form");
  await page.getByLabel("Business reason (visitors see it)").fill("Monthly review of your checkout funnel");
  await page.getByRole("button", { name: "Create intake link" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Intake link “Website contact form” created" }).first()).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Website contact form" })).toBeVisible();
  const shown = ((await page.getByTestId("intake-url").textContent()) ?? "").trim();
  expect(shown).toMatch(/\/i\/[A-Za-z0-9_-]{32}$/);
  await page.getByRole("button", { name: "Copy the address of Website contact form" }).click();
  const url = await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toBe(shown);

  // A visitor, in a browser of their own, with no session.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  const first = await visitor.goto(url);
  expect(first?.status()).toBe(200);
  await expect(visitor.getByRole("heading", { level: 1, name: `${owner.agencyName} asks for access to your Hotjar site` })).toBeVisible();
  await expect(visitor.getByTestId("role")).toContainText("Read Only");
  await expect(visitor.getByText("Hotjar shares a whole Organization")).toBeVisible();
  await looksRight(visitor, "intake-page");

  // A wrong field is named next to it, and what was typed stays.
  await visitor.getByLabel("Company name").fill("Acme Shoes");
  await visitor.getByLabel("Your name").fill("Casey Client");
  await visitor.getByLabel("Your email address").fill("casey@acme-shoes.example");
  await visitor.getByLabel("Hotjar site ID").fill("not a site");
  await visitor.getByLabel("Site name").fill("acme-shoes.example");
  await visitor.getByRole("button", { name: "Continue" }).click();
  await expect(visitor.getByText("Enter the site ID as digits (e.g. 1234567), or paste the site’s Hotjar address")).toBeVisible();
  await expect(visitor.getByLabel("Company name")).toHaveValue("Acme Shoes");
  await visitor.getByLabel("Hotjar site ID").fill("1234567");
  await visitor.getByRole("button", { name: "Continue" }).click();

  await expect(visitor).toHaveURL(/\/l\/[^/]+$/);
  await expect(visitor.getByRole("heading", { level: 1, name: `${owner.agencyName} asks for access to your Hotjar site` })).toBeVisible();
  await visitor.getByRole("button", { name: "I've sent the invitation" }).click();
  await expect(visitor.getByRole("heading", { level: 1, name: "Thank you: access recorded" })).toBeVisible();

  // The agency sees who arrived, and where from.
  await page.goto(owner.dashboardPath);
  const arrivals = page.getByTestId("intake-arrivals");
  await expect(arrivals).toContainText("Acme Shoes");
  await expect(arrivals).toContainText("Website contact form");
  await looksRight(page, "intake-dashboard");
  await arrivals.getByRole("link", { name: "See the link of Acme Shoes" }).click();
  await expect(page.getByTestId("from-intake")).toContainText("from intake link “Website contact form”");
  await looksRight(page, "intake-link-page");
  await page.getByRole("link", { name: "Acme Shoes" }).first().click();
  await expect(page.getByTestId("from-intake")).toContainText("from intake link “Website contact form”");
  await looksRight(page, "intake-client-page");

  await page.goto(`${owner.dashboardPath}/intake-links`);
  const row = page.getByTestId("intake-row").filter({ hasText: "Website contact form" });
  await expect(row.getByTestId("intake-arrival-count")).toContainText("1 arrival");
  await looksRight(page, "intake-links");
  await row.getByRole("link", { name: "Website contact form" }).click();
  await expect(page.getByTestId("intake-arrival")).toContainText("Acme Shoes");
  await looksRight(page, "intake-link-detail");
  await page.getByRole("button", { name: "Switch off" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Switch off" }).click();
  await expect(page.getByRole("status").filter({ hasText: "switched off" }).first()).toBeVisible();
  await expect(page.getByTestId("intake-off")).toBeVisible();
  await looksRight(page, "intake-link-off");

  const dead = await visitor.goto(url);
  expect(dead?.status()).toBe(410);
  await expect(visitor.getByRole("heading", { level: 1, name: "This link is no longer in use" })).toBeVisible();
  await expect(visitor.getByText(`Ask ${owner.agencyName} for a new one.`)).toBeVisible();
  await expect(visitor.getByLabel("Company name")).toHaveCount(0);
  await looksRight(visitor, "intake-page-off");
  await visitorContext.close();
});

test("the public page speaks Spanish to a browser that asks for it", async ({ page, browser }) => {
  const owner = await signUp(page);
  await page.goto(`${owner.dashboardPath}/intake-links/new`);
  await page.getByLabel("Name").fill("Propuestas");
  await page.getByLabel("Business reason (visitors see it)").fill("Monthly review of your checkout funnel");
  await page.getByRole("button", { name: "Create intake link" }).click();
  const url = ((await page.getByTestId("intake-url").textContent()) ?? "").trim();

  const spanish = await browser.newContext({ locale: "es-ES", extraHTTPHeaders: { "Accept-Language": "es" } });
  const visitor = await spanish.newPage();
  await visitor.goto(url);
  await expect(visitor.getByRole("heading", { level: 1, name: `${owner.agencyName} solicita acceso a tu sitio de Hotjar` })).toBeVisible();
  await expect(visitor.getByLabel("Nombre de la empresa")).toBeVisible();
  await expect(visitor.getByRole("button", { name: "Continuar" })).toBeVisible();
  await visitor.getByLabel("Nombre de la empresa").fill("Zapatos Acme");
  await visitor.getByLabel("Tu nombre").fill("Carmen Cliente");
  await visitor.getByLabel("Tu correo electrónico").fill("carmen@zapatos.example");
  await visitor.getByLabel("ID del sitio en Hotjar").fill("abc");
  await visitor.getByLabel("Nombre del sitio").fill("zapatos.example");
  await visitor.getByRole("button", { name: "Continuar" }).click();
  await expect(
    visitor.getByText("Escribe el ID del sitio en dígitos (p. ej. 1234567) o pega la dirección de Hotjar del sitio"),
  ).toBeVisible();
  await looksRight(visitor, "intake-page-es");
  await spanish.close();
});
