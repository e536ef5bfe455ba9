import { BASE_URL, serverEnv } from "./env";
import { expect, signUp, test } from "./fixtures";

/**
 * LIMITS.loginAccount (app/modules/security/rate-limit.server.ts): 10 attempts per 15 minutes per
 * account, times the RATE_LIMIT_SCALE the e2e server runs with (tests/e2e/env.ts).
 */
const ACCOUNT_LIMIT = Math.max(1, Math.round(10 * Number(serverEnv.RATE_LIMIT_SCALE ?? "1")));

test("one wrong password too many: 429 with Retry-After and a readable message, with and without JavaScript", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(90_000);
  const staff = await signUp(page);

  // The allowed wrong passwords, posted as a browser without JavaScript would.
  for (let i = 0; i < ACCOUNT_LIMIT; i++) {
    const response = await request.post("/login", {
      headers: { Origin: BASE_URL },
      form: { email: staff.email, password: `wrong password ${i}` },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(400);
  }

  // One more, through the form: refused before the password is checked.
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto("/login");
  await tab.getByLabel("Email").fill(staff.email);
  await tab.getByLabel("Password").fill("wrong password again");
  const [answer] = await Promise.all([
    tab.waitForResponse((r) => new URL(r.url()).pathname === "/login" && r.request().method() === "POST"),
    tab.getByRole("button", { name: "Log in" }).click(),
  ]);
  expect(answer.status()).toBe(429);
  const retryAfter = Number(answer.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  await expect(tab.getByRole("alert")).toHaveText(/^Too many attempts, try again in \d+ minutes?\.$/);
  await expect(tab.getByLabel("Email")).toHaveValue(staff.email);

  // The right password waits too.
  await tab.getByLabel("Password").fill(staff.password);
  await tab.getByRole("button", { name: "Log in" }).click();
  await expect(tab.getByRole("alert")).toHaveText(/^Too many attempts/);
  await expect(tab).toHaveURL(/\/login$/);
  await context.close();

  // Without JavaScript the whole page is the answer: status, header and message.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto("/login");
  await plain.getByLabel("Email").fill(staff.email.toUpperCase());
  await plain.getByLabel("Password").fill("wrong password without js");
  const [document] = await Promise.all([
    plain.waitForResponse((r) => new URL(r.url()).pathname === "/login" && r.request().method() === "POST"),
    plain.getByRole("button", { name: "Log in" }).click(),
  ]);
  expect(document.status()).toBe(429);
  expect(Number(document.headers()["retry-after"])).toBeGreaterThan(0);
  expect(document.headers()["content-type"]).toContain("text/html");
  await expect(plain.getByRole("alert")).toHaveText(/^Too many attempts, try again in \d+ minutes?\.$/);
  await expect(plain.getByLabel("Email")).toHaveValue(staff.email.toUpperCase());
  await noJs.close();
});
