// Finding 3 of the outside test (issue 13), in a real Chromium with JavaScript on: a login link
// whose redirectTo a browser would read as another host (`/%09/evil` is `//evil`) must land on
// the portal, not on that host. tests/security/open-redirect.test.ts covers every spelling over HTTP.
import { expect, signUp, test } from "./fixtures";

for (const redirectTo of ["%2F%09%2Fevil.example", "%2F%5Cevil.example", "%2F%0A%2Fevil.example", "%2F.%2F%2Fevil.example"]) {
  test(`finding 3: open redirect after login: redirectTo=${redirectTo} stays on the portal`, async ({ page, baseURL }) => {
    const staff = await signUp(page);
    await page.getByRole("banner").getByRole("button", { name: "Log out" }).click();
    await expect(page).toHaveURL(/\/login$/);

    await page.goto(`/login?redirectTo=${redirectTo}`);
    await page.getByLabel("Email").fill(staff.email);
    await page.getByLabel("Password").fill(staff.password);
    await page.getByRole("button", { name: "Log in" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    expect(new URL(page.url()).pathname).toBe(staff.dashboardPath);
  });
}
