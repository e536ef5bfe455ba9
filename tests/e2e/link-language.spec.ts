// Issue 16, the staff side: staff choose the language of a link (preset from the client's, which the
// client form sets), the link's page says which; and what the client did on their page (forwarded it
// to a colleague, said Hotjar looks different) shows on the link's page and the dashboard.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

import type { Page } from "@playwright/test";

import type { ClientHelpAction } from "./client-help";
import { serverEnv } from "./env";
import { createClient, expect, screenshotPath, signUp, test } from "./fixtures";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Forwards and reports through the domain functions the client's page calls (tests/e2e/client-help.ts). */
function clientDoes(token: string, actions: ClientHelpAction[]): unknown[] {
  const out = execFileSync(`${ROOT}node_modules/.bin/tsx`, ["tests/e2e/client-help.ts", token, JSON.stringify(actions)], {
    cwd: ROOT,
    env: { ...process.env, ...serverEnv } as NodeJS.ProcessEnv,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out.trim().split("\n").at(-1) ?? "[]") as unknown[];
}

const today = () => new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" }).format(new Date());

async function fitsAPhone(page: Page, name: string) {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(viewport);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${viewport.width} px`).toBeLessThanOrEqual(
      viewport.width,
    );
    await page.screenshot({ path: screenshotPath(`link-language/${name}-${viewport.width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("staff pick the link's language, preset from the client's; the link's page says which", async ({ page }) => {
  const staff = await signUp(page);
  await createClient(page, staff, {
    name: "Automatic Apparel",
    contactName: "Avery Auto",
    contactEmail: "avery@automatic-apparel.example",
    sites: [{ id: "6060606", name: "automatic-apparel.example" }],
  });
  // A client in German: the client form's Language (empty: the agency's).
  await page.goto(`${staff.dashboardPath}/clients/new`);
  await page.getByLabel("Client name").fill("Hola Tienda");
  await page.getByLabel("Contact name").fill("Carmen Cliente");
  await page.getByLabel("Contact email").fill("carmen@hola-tienda.example");
  await expect(page.getByLabel("Language", { exact: true })).toHaveValue("");
  await page.getByLabel("Language", { exact: true }).selectOption({ label: "Deutsch" });
  await page.getByRole("group", { name: "Hotjar sites" }).getByLabel("Site 1 ID", { exact: true }).fill("7070707");
  await page.getByRole("group", { name: "Hotjar sites" }).getByLabel("Site 1 name", { exact: true }).fill("hola-tienda.example");
  await page.getByRole("button", { name: "Create client" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Hola Tienda" })).toBeVisible();
  await expect(page.getByLabel("Language", { exact: true })).toHaveValue("de");

  // The new link starts in the client's language, follows the client chosen, and takes another.
  await page.goto((await page.getByRole("link", { name: "New link for this client" }).getAttribute("href")) ?? "");
  const language = page.getByLabel("Language of the page and emails");
  await expect(language).toHaveValue("de");
  // Once JavaScript runs, only the chosen client's sites show: then the select follows the client.
  await expect(page.getByRole("checkbox", { name: /6060606/ })).toBeHidden();
  await page.getByLabel("Client", { exact: true }).selectOption({ label: "Automatic Apparel" });
  await expect(language).toHaveValue("");
  await page.getByLabel("Client", { exact: true }).selectOption({ label: "Hola Tienda" });
  await expect(language).toHaveValue("de");
  await language.selectOption({ label: "Español" });
  await page.getByRole("checkbox", { name: /7070707/ }).check();
  await page.getByLabel("Business reason").fill("Checkout heatmaps");
  await fitsAPhone(page, "new-link");
  await page.getByRole("button", { name: "Create link" }).click();

  await expect(page.getByRole("status").filter({ hasText: "Link created" })).toBeVisible();
  await expect(page.getByTestId("link-language")).toHaveText("Español");
});

test("a forward and a 'looks different' report show on the link's page and the dashboard", async ({ page }) => {
  const staff = await signUp(page);
  await createClient(page, staff, {
    name: "Forwarding Foods",
    contactName: "Casey Client",
    contactEmail: "casey@forwarding-foods.example",
    sites: [{ id: "8080808", name: "forwarding-foods.example" }],
  });
  await page.getByRole("link", { name: "New link for this client" }).click();
  await page.getByRole("checkbox", { name: /8080808/ }).check();
  await page.getByLabel("Business reason").fill("Checkout heatmaps");
  await page.getByRole("button", { name: "Create link" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Link created" })).toBeVisible();
  const linkPath = new URL(page.url()).pathname;
  const url = (await page.getByTestId("link-url").textContent())?.trim() ?? "";
  await expect(page.getByTestId("forwards")).toHaveCount(0);
  await expect(page.getByTestId("steps-reports")).toHaveCount(0);

  const report = "My Hotjar has no Invite Members, only a Team tab on the site";
  expect(
    clientDoes(url.split("/l/")[1]!, [
      { forward: { colleagueEmail: "ana@client.example", colleagueName: "Ana", fromName: "Casey Client", note: "You are the admin" } },
      { report },
    ]),
  ).toEqual([{ ok: true }, { ok: true }]);

  await page.reload();
  await expect(page.getByTestId("forwards")).toHaveText(`Forwarded to ana@client.example (Ana) on ${today()}`);
  const reports = page.getByRole("region", { name: "The client says Hotjar looks different" });
  await expect(reports).toContainText(report);
  await expect(page.getByTestId("timeline")).toContainText("Casey Client forwarded the request to Ana <ana@client.example>");
  await expect(page.getByTestId("timeline")).toContainText(`The client says Hotjar looks different: “${report}”`);
  await fitsAPhone(page, "link");

  await page.goto(staff.dashboardPath);
  const onDashboard = page.getByTestId("steps-reports");
  await expect(onDashboard).toContainText("Forwarding Foods says Hotjar looks different");
  await expect(onDashboard).toContainText(report);
  await fitsAPhone(page, "dashboard");
  await onDashboard.getByRole("link", { name: "See the link of Forwarding Foods" }).click();
  await expect(page).toHaveURL(linkPath);
});
