import path from "node:path";

import type { APIResponse } from "@playwright/test";
import Database from "better-sqlite3";

import { BASE_URL, DATA_DIR } from "./env";
import { expect, test } from "./fixtures";

/** What must never reach a browser: stack frames, source or install paths, driver names. */
const LEAKS = [/\n\s+at /, /\bat [\w$.<>]+ \(/, /\/work\//, /node_modules/, /\.tsx?:\d+/, /file:\/\//, /SQLITE_|Prisma/];

async function expectNoLeak(response: APIResponse) {
  const body = await response.text();
  for (const leak of LEAKS) expect(body, `${response.url()} (${response.status()}) matches ${leak}`).not.toMatch(leak);
}

/** The headers every page gets from server/app.ts (docs/decisions/010). */
function expectSecurityHeaders(response: APIResponse) {
  const headers = response.headers();
  const csp = headers["content-security-policy"] ?? "";
  const scriptSrc =
    csp
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith("script-src ")) ?? "";
  expect(scriptSrc, csp).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-powered-by"]).toBeUndefined();
}

test("an unknown staff URL shows the friendly 404 page, with JavaScript running", async ({ page }) => {
  const response = await page.goto("/a/some-agency/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  await expect(page.getByText("There is nothing at this address. Check the link you followed.")).toBeVisible();
  await expect(page.getByText(/No route matches/)).toHaveCount(0);
  // Once the browser's router has run (it discovers the /a/:agency routes first, and React
  // reports a hydration mismatch for it: docs/decisions/020), the page is still the 404 and works.
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to the start page" }).click();
  await expect(page).toHaveURL(`${BASE_URL}/`);
});

test("an unknown URL outside any layout hydrates without an error", async ({ page }) => {
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test("error pages carry no stack trace or file path, whatever the failure", async ({ request }) => {
  const form = { headers: { Origin: BASE_URL }, maxRedirects: 0 };
  const answers: [string, APIResponse, number][] = [
    ["unknown page", await request.get("/a/some-agency/no-such-page"), 404],
    ["unknown data route", await request.get("/?_data=routes/nope"), 403],
    ["malformed URL", await request.get("/l/%E0%A4%A"), 400],
    ["POST where there is no action", await request.post("/", { ...form, form: { a: "b" } }), 405],
    [
      "a body that is no form",
      await request.post("/login", {
        ...form,
        headers: { ...form.headers, "Content-Type": "multipart/form-data; boundary=x" },
        data: "not multipart",
      }),
      400,
    ],
    ["JSON to a form action", await request.post("/signup", { ...form, data: { email: "x" } }), 400],
    ["a forged link", await request.get("/l/v1.forged.token"), 404],
  ];
  for (const [what, response, status] of answers) {
    expect(response.status(), what).toBe(status);
    await expectNoLeak(response);
  }
});

test("/login and a link page send the security headers", async ({ request, demo }) => {
  const login = await request.get("/login");
  expect(login.status()).toBe(200);
  expectSecurityHeaders(login);
  expect(login.headers()["referrer-policy"]).toBe("same-origin");

  const link = await request.get(demo.links.pending);
  expect(link.status()).toBe(200);
  expectSecurityHeaders(link);
  expect(link.headers()["referrer-policy"]).toBe("no-referrer");
  expect(link.headers()["cache-control"]).toContain("no-store");

  // HEAD, as `curl -I` asks, gets the same headers.
  const head = await request.head(demo.links.pending);
  expectSecurityHeaders(head);
  expect(head.headers()["referrer-policy"]).toBe("no-referrer");

  // Error pages keep them too.
  const missing = await request.get("/a/some-agency/no-such-page");
  expectSecurityHeaders(missing);
});

test("a locked database: the link page answers 503 with Retry-After, then works again by itself", async ({ page, demo }) => {
  test.setTimeout(60_000);
  // Another process takes the write lock (a backup, a migration, a stuck writer); the server
  // waits its busy timeout (5 s) for it, then gives up on this request only.
  const holder = new Database(path.join(DATA_DIR, "portal.db"));
  try {
    holder.exec("BEGIN EXCLUSIVE");
    const response = await page.goto(demo.links.pending);
    expect(response?.status()).toBe(503);
    expect(response!.headers()["retry-after"]).toBe("5");
    expect(response!.headers()["referrer-policy"]).toBe("no-referrer");
    await expect(page.getByRole("heading", { level: 1, name: "The service is busy" })).toBeVisible();
    await expect(page.getByText("The service is busy, please try again shortly.")).toBeVisible();
    await expect(page.getByTestId("error-reference")).toHaveText(/^Reference [0-9A-Z]{8}$/);
    const body = await response!.text();
    for (const leak of LEAKS) expect(body).not.toMatch(leak);
  } finally {
    if (holder.inTransaction) holder.exec("ROLLBACK");
    holder.close();
  }
  // No restart: the next request is served.
  const again = await page.goto(demo.links.pending);
  expect(again?.status()).toBe(200);
  await expect(page.getByTestId("agency-name")).toBeVisible();
});
