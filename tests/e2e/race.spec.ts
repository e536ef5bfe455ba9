import { BASE_URL } from "./env";
import { createClient, createLink, expect, signUp, test } from "./fixtures";

// Done-when of the core loop: 200 simultaneous "I've sent the invitation" posts of one link,
// over HTTP against the real server: one completion, no duplicate grant, no 500.
test("200 simultaneous confirmations of one link complete it once", async ({ page, request }) => {
  test.setTimeout(90_000);
  const staff = await signUp(page);
  await createClient(page, staff, {
    name: "Rush Retail",
    contactName: "Rae Rush",
    contactEmail: "rae@rush-retail.example",
    sites: [
      { id: "3131313", name: "rush-retail.example" },
      { id: "4141414", name: "shop.rush-retail.example" },
    ],
  });
  const linkUrl = await createLink(page, ["3131313", "4141414"]);
  expect(linkUrl.startsWith(`${BASE_URL}/l/`)).toBe(true);

  const statuses = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      request
        .post(linkUrl, {
          headers: { Origin: BASE_URL },
          form: { intent: "grant", clientName: `Clicker ${i}`, clientEmail: `clicker${i}@rush-retail.example`, siteIds: "3131313,4141414" },
          maxRedirects: 0,
        })
        .then((r) => r.status()),
    ),
  );
  // The winner is redirected to the completed page; everyone else is told it is already done.
  expect(statuses.filter((s) => s === 302)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(199);
  expect(statuses.filter((s) => s >= 500)).toHaveLength(0);

  await page.reload();
  await expect(page.getByRole("heading", { level: 1 }).locator("[data-status]")).toHaveAttribute("data-status", "COMPLETED");
  const grants = page.getByTestId("grants").locator("tbody tr");
  await expect(grants).toHaveCount(2);
  await expect(page.getByTestId("timeline").getByText(/confirmed the invitation was sent/)).toHaveCount(1);
});
