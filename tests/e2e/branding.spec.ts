// Branding end to end: an Owner sets the accent colour and uploads a logo (an SVG is refused),
// then a new link's client page shows the logo, the agency's name and its colour.
import { createClient, createLink, expect, screenshotPath, signUp, test, uniqueId } from "./fixtures";

/** A valid 1x1 PNG, generated here so the test needs no file on disk. */
const PNG_1X1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const SVG_AS_PNG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

test("an Owner brands the agency and the client's page shows it", async ({ page }) => {
  const staff = await signUp(page);
  const settings = `${staff.dashboardPath}/settings`;
  const brandName = `Brand ${uniqueId()}`;

  await page.goto(settings);
  await page.getByLabel("Display name").fill(brandName);
  await page.getByLabel("Accent colour (optional)").fill("#FFD400");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Accent colour (optional)")).toHaveValue("#ffd400");
  // A light accent gets black text.
  await expect(page.getByTestId("accent-preview").getByText(brandName)).toHaveCSS("color", "rgb(0, 0, 0)");

  // A bad colour is refused beside the field, and what was typed stays.
  await page.getByLabel("Accent colour (optional)").fill("yellow");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.locator("#field-accentColor-error")).toContainText("six hex digits");
  await expect(page.getByLabel("Accent colour (optional)")).toHaveValue("yellow");

  // An SVG renamed .png is refused by its bytes.
  const logoInput = page.getByLabel("Logo image");
  await logoInput.setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: SVG_AS_PNG });
  await page.getByRole("button", { name: "Upload logo" }).click();
  await expect(page.locator("#field-logo-error")).toHaveText("The logo must be a PNG, JPEG or WebP image (SVG is not accepted).");
  await expect(page.getByText("No logo yet")).toBeVisible();

  await logoInput.setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG_1X1 });
  await page.getByRole("button", { name: "Upload logo" }).click();
  await expect(page.getByText("Logo uploaded.", { exact: true })).toBeVisible();
  await expect(page.getByRole("img", { name: `${brandName} logo` })).toBeVisible();
  await expect(page.getByRole("button", { name: "Remove logo" })).toBeVisible();
  await page.screenshot({ path: screenshotPath("branding-settings.png"), fullPage: true });

  await createClient(page, staff, {
    name: "Acme Shoes",
    contactName: "Casey Client",
    contactEmail: "casey@acme-shoes.example",
    sites: [{ id: "1234567", name: "acme-shoes.example" }],
  });
  const url = await createLink(page, ["1234567"]);

  await page.goto(url);
  await expect(page.getByTestId("agency-name")).toHaveText(brandName);
  const logo = page.getByTestId("agency-header").getByRole("img", { name: brandName });
  await expect(logo).toBeVisible();
  await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByTestId("agency-header")).toHaveCSS("border-bottom-color", "rgb(255, 212, 0)");
  await page.screenshot({ path: screenshotPath("branding-client-page.png") });

  // The logo comes from our own origin with headers that forbid any other reading of it.
  const src = (await logo.getAttribute("src"))!;
  expect(src).toMatch(/^\/brand\/[a-z0-9]+\/logo\?v=[0-9a-f]{12}$/);
  const response = await page.request.get(src);
  expect(response.status()).toBe(200);
  expect(Buffer.from(await response.body()).equals(PNG_1X1)).toBe(true);
  expect(response.headers()["content-type"]).toBe("image/png");
  expect(response.headers()["x-content-type-options"]).toContain("nosniff");
  expect(response.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
});
