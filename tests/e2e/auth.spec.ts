import { expect, signUp, test } from "./fixtures";

test("a wrong password gets one generic message; logging out ends the session", async ({ page }) => {
  const staff = await signUp(page);

  // Log out from the top bar.
  await page.getByRole("banner").getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { level: 1, name: "Log in" })).toBeVisible();
  // The agency pages now send us to the login page.
  await page.goto(staff.dashboardPath);
  await expect(page).toHaveURL(/\/login\?redirectTo=/);

  // Wrong password: one message that does not say which part was wrong.
  await page.goto("/login");
  await page.getByLabel("Email").fill(staff.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toHaveCount(1);
  await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");
  await expect(page.getByLabel("Email")).toHaveValue(staff.email);

  // An unknown email gets exactly the same message.
  await page.getByLabel("Email").fill(`nobody-${Date.now()}@agency.example`);
  await page.getByLabel("Password").fill(staff.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");

  // The right password works and lands on the dashboard.
  await page.getByLabel("Email").fill(staff.email);
  await page.getByLabel("Password").fill(staff.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(staff.dashboardPath);

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.context().cookies()).filter((c) => c.value !== "")).toEqual([]);
});
