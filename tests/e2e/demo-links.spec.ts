import { expect, test } from "./fixtures";

test("an expired link answers 410, names the agency and lets the client ask for a new one", async ({ page, browser, demo }) => {
  const response = await page.goto(demo.links.expired);
  expect(response?.status()).toBe(410);
  await expect(page.getByTestId("agency-name")).toHaveText("Demo Agency");
  await expect(page.getByRole("heading", { level: 1, name: "This link has expired" })).toBeVisible();
  await expect(page.getByRole("button", { name: "I've sent the invitation" })).toHaveCount(0);

  await page.getByRole("button", { name: "Ask for a new link" }).click();
  await expect(page.getByRole("status")).toHaveText("We’ve let Demo Agency know you asked for a new link.");
  await expect(page.getByRole("button", { name: "Ask for a new link" })).toHaveCount(0);

  // Staff see the request on their dashboard.
  const staffContext = await browser.newContext();
  try {
    const staff = await staffContext.newPage();
    await staff.goto("/login");
    await staff.getByLabel("Email").fill(demo.login.email);
    await staff.getByLabel("Password").fill(demo.login.password);
    await staff.getByRole("button", { name: "Log in" }).click();
    await expect(staff.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    const requests = staff.getByTestId("new-link-requests");
    await expect(requests.getByRole("listitem")).toHaveCount(1);
    await expect(requests).toContainText("Acme Shoes");
    await expect(requests).toContainText("Acme Shoes asked for a new link");
    await expect(requests.getByRole("link", { name: "Reissue the link of Acme Shoes" })).toBeVisible();
  } finally {
    await staffContext.close();
  }
});

test("a revoked link answers 410 and says it was withdrawn", async ({ page, demo }) => {
  const response = await page.goto(demo.links.revoked);
  expect(response?.status()).toBe(410);
  await expect(page.getByTestId("agency-name")).toHaveText("Demo Agency");
  await expect(page.getByRole("heading", { level: 1, name: "This request was withdrawn" })).toBeVisible();
  await expect(page.getByRole("button", { name: "I've sent the invitation" })).toHaveCount(0);
});

test("a forged or made-up link answers 404 and reveals nothing", async ({ page, demo }) => {
  // Change one character in the middle of the MAC (the last part of the token).
  const url = new URL(demo.links.revoked);
  const token = url.pathname.split("/l/")[1]!;
  const macStart = token.lastIndexOf(".") + 1;
  const i = macStart + 10;
  const forged = token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
  expect(forged).not.toBe(token);
  expect(forged).toHaveLength(token.length);

  let response = await page.goto(`/l/${forged}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "This link is not valid" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText("Demo Agency");
  await expect(page.locator("body")).not.toContainText("Acme");
  await expect(page.getByTestId("agency-name")).toHaveCount(0);

  response = await page.goto("/l/xyz");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "This link is not valid" })).toBeVisible();
  await expect(page.getByTestId("agency-name")).toHaveCount(0);

  // The genuine token is still recognised: the 404 came from the changed character alone.
  response = await page.goto(demo.links.revoked);
  expect(response?.status()).toBe(410);
  await expect(page.getByTestId("agency-name")).toHaveText("Demo Agency");
});

test("completed and declined links show their outcome and no form", async ({ page, demo }) => {
  let response = await page.goto(demo.links.completed);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Thank you: access recorded" })).toBeVisible();
  await expect(page.getByTestId("granted").getByRole("listitem")).toHaveCount(2);
  await expect(page.getByRole("button", { name: "I've sent the invitation" })).toHaveCount(0);

  response = await page.goto(demo.links.declined);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "You declined this request" })).toBeVisible();
  await expect(page.getByRole("button", { name: "I've sent the invitation" })).toHaveCount(0);
});
