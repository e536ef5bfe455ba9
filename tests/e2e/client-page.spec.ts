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
    // Hydrated (the steps' Back and Next render only on the client), so the layout is final.
    await expect(page.getByRole("button", { name: "Next step" })).toBeVisible();

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
    // Hotjar's own name for the level.
    await expect(page.getByTestId("role")).toContainText("“Read Only”");
    await expect(page.getByTestId("sites")).toContainText("1234567");
    await expect(page.getByTestId("grantee")).toHaveText("analytics@demo-agency.example");
    await expect(page.getByRole("heading", { name: "Invite Demo Agency in Hotjar" })).toBeVisible();
    // No hydration, so no one-step-at-a-time: every step is on the page, in order, with no Back or Next.
    const steps = page.getByTestId("guided-steps").getByRole("listitem");
    await expect(steps).toHaveCount(5);
    for (const [i, step] of (await steps.all()).entries()) {
      await expect(step.getByRole("heading")).toHaveText(`Step ${i + 1} of 5`);
      await expect(step).toBeVisible();
    }
    await expect(page.getByRole("button", { name: /^(Back|Next step)$/ })).toHaveCount(0);
    // No Copy buttons either; the values to copy are still on the page as text.
    await expect(page.getByRole("button", { name: /^Copy/ })).toHaveCount(0);
    await expect(steps.locator(".copy-value").filter({ hasText: "analytics@demo-agency.example" })).toBeVisible();
    await expect(page.getByRole("button", { name: "I've sent the invitation" })).toBeVisible();
  });

  test("a client completes an open link with plain form posts", async ({ page, demo }) => {
    // The link pages send `Referrer-Policy: no-referrer`, so Chromium posts these plain forms
    // with `Origin: null` and no Referer: the server's origin check must accept them through
    // `Sec-Fetch-Site: same-origin` (a regression here answers 403).

    await page.goto(demo.links.opened);
    await expect(page.getByTestId("agency-name")).toHaveText("Demo Agency");
    const submit = page.getByRole("button", { name: "I've sent the invitation" });
    // The link went to the client's contact: the confirmation is prefilled, its fields folded away.
    await expect(page.getByTestId("confirming-as")).toHaveText("Confirming as Casey Client, casey@acme-shoes.example.");
    await expect(page.getByLabel("Your email", { exact: true })).toBeHidden();

    // An incomplete form comes back with the error and the typed value (server-side validation).
    await page.getByText("Change name, email or sites").click();
    await expect(page.getByLabel("Your name", { exact: true })).toHaveValue("Casey Client");
    await expect(page.getByLabel("Your email", { exact: true })).toHaveValue("casey@acme-shoes.example");
    await page.getByLabel("Your name", { exact: true }).fill("Casey C. Client");
    await page.getByLabel("Your email", { exact: true }).fill("");
    const [invalid] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), submit.click()]);
    expect(invalid.status(), "the form post must reach the app").not.toBe(403);
    expect(invalid.status()).toBe(400);
    // The fields are shown straight away, the error next to the email field.
    const emailField = page.getByLabel("Your email", { exact: true });
    await expect(emailField).toBeVisible();
    await expect(emailField).toHaveAttribute("aria-invalid", "true");
    // Its words are the field's description (aria-describedby), not only somewhere on the page.
    await expect(emailField).toHaveAccessibleDescription(/\w/);
    await expect(page.getByLabel("Your name", { exact: true })).toHaveValue("Casey C. Client");

    await emailField.fill("casey@acme-shoes.example");
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

  // Hydration: the steps' Back and Next exist only once React has run on the client.
  await expect(page.getByRole("button", { name: "Next step" })).toBeVisible();
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
