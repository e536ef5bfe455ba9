import { BASE_URL } from "./env";
import { expect, screenshotPath, test } from "./fixtures";

test.describe("on a 390 px phone", () => {
  test.use({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36",
  });

  test("the client page fits the screen and the confirm button is reachable", async ({ page, demo }) => {
    await page.goto(demo.links.pending);
    await expect(page.getByTestId("agency-name")).toHaveText("Demo Agency");
    // Hydrated (copy buttons render only on the client), so the layout is final.
    await expect(page.getByRole("button", { name: "Copy Email" }).first()).toBeVisible();

    const widths = await page.evaluate(() => ({
      scroll: document.scrollingElement!.scrollWidth,
      client: document.scrollingElement!.clientWidth,
      inner: window.innerWidth,
    }));
    expect(widths.inner).toBe(390);
    expect(widths.scroll).toBeLessThanOrEqual(390);

    const confirm = page.getByRole("button", { name: "I've sent the invitation" });
    await confirm.scrollIntoViewIfNeeded();
    await expect(confirm).toBeVisible();
    await expect(confirm).toBeInViewport();
    const box = (await confirm.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    // A comfortable touch target.
    expect(box.height).toBeGreaterThanOrEqual(40);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath("client-page-390.png"), fullPage: true });
  });
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("the client page is complete without JavaScript", async ({ page, demo }) => {
    const response = await page.goto(demo.links.opened);
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId("agency-name")).toHaveText("Demo Agency");
    await expect(page.getByTestId("role")).toContainText("Viewer");
    await expect(page.getByTestId("sites")).toContainText("1234567");
    await expect(page.getByTestId("grantee")).toHaveText("analytics@demo-agency.example");
    await expect(page.getByRole("heading", { name: "How to grant access in Hotjar" })).toBeVisible();
    // No hydration, so no Copy buttons; the values to copy are still on the page as text.
    await expect(page.getByRole("button", { name: /^Copy/ })).toHaveCount(0);
    await expect(page.locator(".copy-value").first()).toBeVisible();
    await expect(page.getByRole("button", { name: "I've sent the invitation" })).toBeVisible();
  });

  test("a client completes an open link with plain form posts", async ({ page, demo }) => {
    // The link pages send `Referrer-Policy: no-referrer`, so Chromium posts these plain forms
    // with `Origin: null` and no Referer: the server's origin check must accept them through
    // `Sec-Fetch-Site: same-origin` (a regression here answers 403).

    await page.goto(demo.links.opened);
    await expect(page.getByTestId("agency-name")).toHaveText("Demo Agency");
    const submit = page.getByRole("button", { name: "I've sent the invitation" });

    // An incomplete form comes back with the error and the typed value (server-side validation).
    await page.getByLabel("Your name").fill("Casey Client");
    const [invalid] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), submit.click()]);
    expect(invalid.status(), "the form post must reach the app").not.toBe(403);
    await expect(page.getByLabel("Your email")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Your name")).toHaveValue("Casey Client");

    await page.getByLabel("Your email").fill("casey@acme-shoes.example");
    await submit.click();
    await expect(page.getByRole("heading", { level: 1, name: "Thank you: access recorded" })).toBeVisible();
    await expect(page.getByTestId("granted")).toContainText("1234567");
    expect(new URL(page.url()).pathname).toBe(new URL(demo.links.opened).pathname);
  });
});

test("the link page sends strict headers and still hydrates under its CSP", async ({ page, demo }) => {
  const cspViolations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) cspViolations.push(msg.text());
  });
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));

  const response = await page.goto(demo.links.pending);
  expect(response?.status()).toBe(200);
  const headers = response!.headers();
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["cache-control"]).toContain("no-store");
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  const scriptSrc =
    csp
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith("script-src ")) ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc)?.[1];
  expect(nonce, `script-src with a nonce in: ${csp}`).toBeTruthy();
  expect(scriptSrc).not.toContain("'unsafe-inline'");

  // Hydration: Copy buttons exist only once React has run on the client.
  await expect(page.getByRole("button", { name: "Copy Email" }).first()).toBeVisible();
  // Every inline script carries this response's nonce.
  const scriptNonces = await page.evaluate(() => [...document.querySelectorAll("script")].filter((s) => !s.src).map((s) => s.nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
  expect(cspViolations).toEqual([]);
  expect(pageErrors).toEqual([]);

  // A second load gets a different nonce.
  expect(demo.links.pending.startsWith(`${BASE_URL}/l/`)).toBe(true);
  const again = await page.request.get(demo.links.pending);
  expect(again.headers()["content-security-policy"]).not.toContain(`'nonce-${nonce}'`);
});
