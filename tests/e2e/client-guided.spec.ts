// Issue 16: the client's page on a phone: Hotjar's documented path one step at a time (every step
// in order without JavaScript), a prefilled one-click confirmation, "I'm not the Hotjar admin",
// "my screen looks different", the page in the client's language, and its measured height.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";

import { createClient, createLink, expect, screenshotPath, signUp, type Staff, test } from "./fixtures";

const PHONE = { width: 390, height: 844 };

/** A fresh agency, client and Viewer link for one site; the link is sent to the client's contact. */
async function freshLink(page: Page, client = { contactName: "Casey Client", contactEmail: "casey@acme-shoes.example" }) {
  // A fixed, realistic agency name: the page's height is measured, and a random name's width moved
  // the end of step 1 by a few pixels from run to run.
  const staff = await signUp(page, { agencyName: "Northwind Analytics" });
  await createClient(page, staff, { name: "Acme Shoes", ...client, sites: [{ id: "1234567", name: "acme-shoes.example" }] });
  const url = await createLink(page, ["1234567"]);
  return { staff, url, linkPage: page.url() };
}

async function phone(browser: Browser, options: { javaScriptEnabled?: boolean; locale?: string; colorScheme?: "dark" | "light" } = {}) {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, ...options });
  return context.newPage();
}

test.describe("the guided steps on a 390 px phone", () => {
  test.setTimeout(60_000);
  test("one step at a time, back and next, copy announced, the Organization warning at step 3, and the page measured", async ({
    page,
    browser,
  }) => {
    const { url } = await freshLink(page);
    const client = await phone(browser);
    await client.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await client.goto(url);

    const steps = client.getByTestId("guided-steps");
    await expect(client.getByRole("heading", { name: "Step 1 of 5" })).toBeVisible();
    await expect(client.getByRole("heading", { name: "Step 2 of 5" })).toBeHidden();
    await expect(steps).toContainText("Sign in to Hotjar as an Admin or the Account Owner");

    // The first screen holds the request summary and the whole first step.
    const first = (await client.locator('li[data-step="1"]').boundingBox())!;
    expect(first.y + first.height, "step 1 ends inside the first screen").toBeLessThanOrEqual(PHONE.height);
    await expect(client.getByTestId("role")).toBeInViewport();
    await expect(client.getByTestId("role")).toContainText("Read Only");
    const height = await client.evaluate(() => document.documentElement.scrollHeight);
    console.log(`[client page] 390x844, English, JavaScript on: ${height} px = ${(height / PHONE.height).toFixed(2)} screens`);
    expect(height, "at most 2.5 screens with the other path folded").toBeLessThanOrEqual(2.5 * PHONE.height);
    expect(await client.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    await client.getByRole("button", { name: "Next step" }).click();
    await expect(client.getByRole("heading", { name: "Step 2 of 5" })).toBeFocused();
    await expect(steps).toContainText("Click your profile icon (top right), then “Invite Members”.");
    await expect(client.getByRole("heading", { name: "Step 1 of 5" })).toBeHidden();
    await client.getByRole("button", { name: "Back" }).click();
    await expect(client.getByRole("heading", { name: "Step 1 of 5" })).toBeVisible();
    await client.getByRole("button", { name: "Next step" }).click();
    await client.getByRole("button", { name: "Next step" }).click();

    await expect(client.getByRole("heading", { name: "Step 3 of 5" })).toBeVisible();
    await expect(client.getByTestId("organization-warning")).toBeVisible();
    await expect(client.getByTestId("organization-warning")).toContainText("every site in it");
    await expect(client.getByTestId("organization-warning")).toContainText("Organization of its own");

    await client.getByRole("button", { name: "Next step" }).click();
    await expect(steps).toContainText("choose the access level “Read Only”");
    await client.getByRole("button", { name: "Copy Our email address" }).click();
    await expect(client.getByRole("status").filter({ hasText: "Our email address copied" })).toHaveCount(1);
    expect(await client.evaluate(() => navigator.clipboard.readText())).toMatch(/@/);

    await client.getByRole("button", { name: "Next step" }).click();
    await expect(steps).toContainText("Click “Send Invites”.");
    await client.getByRole("button", { name: "Confirm below" }).click();
    await expect(client.getByRole("button", { name: "I've sent the invitation" })).toBeFocused();

    // Every visible control is a 44 px touch target.
    const small = await client.evaluate(() =>
      [...document.querySelectorAll("main button, main a, main summary, main label.choice")]
        .filter((el) => el.checkVisibility())
        .map((el) => ({ text: (el.textContent ?? "").trim().slice(0, 40), h: el.getBoundingClientRect().height }))
        .filter((b) => b.h > 0 && b.h < 44),
    );
    expect(small).toEqual([]);
    await client.evaluate(() => window.scrollTo(0, 0));
    await client.screenshot({ path: screenshotPath("client-guided-390-en.png"), fullPage: true });
    const { violations } = await new AxeBuilder({ page: client }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });

  test("without JavaScript every step is on the page in order, the other path folded, and one click confirms", async ({
    page,
    browser,
  }) => {
    const { url, linkPage } = await freshLink(page);
    const client = await phone(browser, { javaScriptEnabled: false });
    await client.goto(url);
    for (let i = 1; i <= 5; i++) await expect(client.getByRole("heading", { name: `Step ${i} of 5` })).toBeVisible();
    const order = await client.locator("[data-step]").evaluateAll((els) => els.map((el) => el.getAttribute("data-step")));
    expect(order).toEqual(["1", "2", "3", "4", "5"]);
    await expect(client.getByRole("button", { name: "Next step" })).toHaveCount(0);
    // The site Team tab path is there, folded.
    await expect(client.getByTestId("looks-different").locator("[data-path=site-team]")).toBeHidden();
    await expect(client.getByText("My screen looks different")).toBeVisible();

    // Prefilled: the one button is the only thing to do.
    await expect(client.getByTestId("confirming-as")).toHaveText("Confirming as Casey Client, casey@acme-shoes.example.");
    await client.getByRole("button", { name: "I've sent the invitation" }).click();
    await expect(client.getByRole("heading", { level: 1, name: "Thank you: access recorded" })).toBeVisible();

    // The agency sees who confirmed.
    await page.goto(linkPage);
    await expect(page.getByRole("main")).toContainText("Casey Client");
    await expect(page.getByRole("main")).toContainText("casey@acme-shoes.example");
  });

  test("a link sent to someone other than the contact asks for their name, and keeps the typed values on an error", async ({
    page,
    browser,
  }) => {
    const staff = await signUp(page);
    await createClient(page, staff, {
      name: "Acme Shoes",
      contactName: "Casey Client",
      contactEmail: "casey@acme-shoes.example",
      sites: [{ id: "1234567", name: "acme-shoes.example" }],
    });
    const url = await createLink(page, ["1234567"]);
    const client = await phone(browser, { javaScriptEnabled: false });
    await client.goto(url);
    // Sent to the contact: no field to fill. Open the fold, clear the email: the server says what to fix.
    await client.getByText("Change name, email or sites").click();
    await client.getByLabel("Your email").fill("not-an-email");
    await client.getByRole("button", { name: "I've sent the invitation" }).click();
    await expect(client.getByLabel("Your email")).toHaveAttribute("aria-invalid", "true");
    await expect(client.getByText("Enter a valid email address, like name@example.com")).toBeVisible();
    await expect(client.getByLabel("Your name", { exact: true })).toHaveValue("Casey Client");
  });
});

test.describe("I'm not the Hotjar admin", () => {
  test.setTimeout(90_000);
  test("sends the same link to a colleague, says who it went to, the agency sees it, and stops after five", async ({ page, browser }) => {
    const { staff, url, linkPage } = await freshLink(page);
    const client = await phone(browser);
    await client.goto(url);
    await client.getByText("I’m not the Hotjar admin").click();
    await client.getByLabel("Your colleague’s email").fill("ana@acme-shoes.example");
    await client.getByLabel("Their name (optional)").fill("Ana Admin");
    await client.getByLabel("A short note (optional)").fill("Can you do this today?");
    await client.getByRole("button", { name: "Send to my colleague" }).click();
    await expect(client.getByTestId("forwards")).toContainText("Sent to Ana Admin (ana@acme-shoes.example) on");

    // The colleague's email, in the agency's Mailbox, carries the same link.
    await expectForwardInMailbox(page, staff, "ana@acme-shoes.example", url);

    // The agency sees it on the link's page.
    await page.goto(linkPage);
    await expect(page.getByRole("main")).toContainText("ana@acme-shoes.example");

    // Four more, then the page says it was sent to five people and offers no form.
    for (const n of [2, 3, 4, 5]) {
      await client.getByText("I’m not the Hotjar admin").click();
      await client.getByLabel("Your colleague’s email").fill(`colleague${n}@acme-shoes.example`);
      await client.getByRole("button", { name: "Send to my colleague" }).click();
      await expect(client.getByTestId("forwards").getByRole("listitem")).toHaveCount(n);
    }
    await client.getByText("I’m not the Hotjar admin").click();
    await expect(client.getByText("This request was already sent to 5 people.")).toBeVisible();
    await expect(client.getByRole("button", { name: "Send to my colleague" })).toHaveCount(0);
  });

  test("without JavaScript, a wrong colleague address is explained next to the field", async ({ page, browser }) => {
    const { url } = await freshLink(page);
    const client = await phone(browser, { javaScriptEnabled: false });
    await client.goto(url);
    await client.getByText("I’m not the Hotjar admin").click();
    await client.getByLabel("Your colleague’s email").fill("ana at acme");
    await client.getByRole("button", { name: "Send to my colleague" }).click();
    await expect(client.getByLabel("Your colleague’s email")).toHaveAttribute("aria-invalid", "true");
    await expect(client.getByText("Enter your colleague’s email address, like name@example.com")).toBeVisible();
    await expect(client.getByLabel("Your colleague’s email")).toHaveValue("ana at acme");
  });
});

async function expectForwardInMailbox(page: Page, staff: Staff, to: string, url: string) {
  await expect(async () => {
    await page.goto(`${staff.dashboardPath}/mailbox`);
    await page.getByTestId("mailbox").getByRole("row").filter({ hasText: to }).getByRole("link").first().click({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await page.getByRole("link", { name: /plain text/i }).click();
  await expect(page.getByRole("main")).toContainText(url);
}

test("something looks different: the client's words reach the agency", async ({ page, browser }) => {
  const { url, linkPage } = await freshLink(page);
  const client = await phone(browser);
  await client.goto(url);
  await client.getByText("My screen looks different").click();
  await expect(client.locator("[data-path=site-team]")).toContainText("“Team”");
  await client.getByLabel(/Tell .* what you see instead/).fill("There is no Invite Members in my profile menu, only Settings.");
  await client.getByRole("button", { name: /^Send to / }).click();
  await expect(client.getByRole("status").filter({ hasText: "has your note" })).toBeVisible();

  await page.goto(linkPage);
  await expect(page.getByRole("main")).toContainText("There is no Invite Members in my profile menu, only Settings.");
});

test.describe("in the client's language", () => {
  test("Spanish from Accept-Language, Hotjar's labels kept in English, and a language switch that sticks through a form", async ({
    page,
    browser,
  }) => {
    const { url } = await freshLink(page);
    const client = await phone(browser, { locale: "es-ES" });
    await client.goto(url);
    await expect(client.locator("html")).toHaveAttribute("lang", "es");
    await expect(client.getByRole("heading", { level: 1 })).toContainText("acceso");
    await expect(client.getByRole("heading", { name: "Paso 1 de 5" })).toBeVisible();
    await client.getByRole("button", { name: /siguiente/i }).click();
    await expect(client.getByTestId("guided-steps")).toContainText("Invite Members");
    const height = await client.evaluate(() => document.documentElement.scrollHeight);
    console.log(`[client page] 390x844, Spanish: ${height} px = ${(height / PHONE.height).toFixed(2)} screens`);
    expect(height).toBeLessThanOrEqual(2.5 * PHONE.height);
    await client.evaluate(() => window.scrollTo(0, 0));
    await client.screenshot({ path: screenshotPath("client-guided-390-es.png"), fullPage: true });
    const { violations } = await new AxeBuilder({ page: client }).analyze();
    expect(violations.map((v) => v.id)).toEqual([]);

    // The client switches to French; the answer to a form stays French.
    await client.getByLabel("Idioma: Español").click();
    await client.getByRole("link", { name: "Français" }).click();
    await expect(client.locator("html")).toHaveAttribute("lang", "fr");
    await client.getByText("Refuser cette demande").click();
    await client.getByRole("button", { name: "Refuser" }).click();
    await expect(client.locator("html")).toHaveAttribute("lang", "fr");
    await expect(client).toHaveURL(/\?lang=fr$/);
  });

  test("the link's language, chosen by staff, wins over the browser's", async ({ page, browser }) => {
    const staff = await signUp(page);
    await createClient(page, staff, {
      name: "Acme Shoes",
      contactName: "Casey Client",
      contactEmail: "casey@acme-shoes.example",
      sites: [{ id: "1234567", name: "acme-shoes.example" }],
    });
    await page.getByRole("link", { name: "New link for this client" }).click();
    await page.getByRole("checkbox", { name: /1234567/ }).check();
    await page.getByLabel("Business reason").fill("Checkout funnel analysis");
    await page.getByLabel("Language of the page and emails").selectOption({ label: "Español" });
    await page.getByRole("button", { name: "Create link" }).click();
    const url = (await page.getByTestId("link-url").textContent())?.trim() ?? "";

    const client = await phone(browser, { locale: "en-US" });
    await client.goto(url);
    await expect(client.locator("html")).toHaveAttribute("lang", "es");
    await expect(client.getByRole("button", { name: "Ya envié la invitación" })).toBeVisible();
  });

  test("dark mode is respected and stays accessible", async ({ page, browser }) => {
    const { url } = await freshLink(page);
    const client = await phone(browser, { colorScheme: "dark" });
    await client.goto(url);
    // The dark palette of app/styles/client-page.css, not the light one.
    await expect.poll(() => client.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe("rgb(17, 21, 27)");
    await client.screenshot({ path: screenshotPath("client-guided-390-dark.png"), fullPage: true });
    const { violations } = await new AxeBuilder({ page: client }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(" ")} ${n.failureSummary ?? ""}`).join(", ")}`)).toEqual(
      [],
    );
  });
});
