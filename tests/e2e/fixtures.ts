import fs from "node:fs";
import path from "node:path";

import { type Browser, expect, type Page, test as base } from "@playwright/test";

import { DEMO_SEED_FILE, TMP_DIR } from "./env";

export { expect };

export type DemoSeed = {
  login: { email: string; password: string };
  links: Record<"pending" | "opened" | "completed" | "declined" | "expired" | "revoked", string>;
};

/**
 * The demo agency's login and links, one per state, from `npm run seed:demo -- --json` (the
 * web server command runs it before `npm start`; its last stdout line is the JSON). Seeded once
 * per run, so each test that changes a link's state uses a link no other test touches:
 * pending: viewed only (phone layout, headers); opened: completed without JavaScript;
 * expired: "Ask for a new link"; revoked: viewed, and the base of the forged token.
 */
export function readDemoSeed(): DemoSeed {
  const lines = fs.readFileSync(DEMO_SEED_FILE, "utf8").trim().split("\n");
  return JSON.parse(lines.at(-1) ?? "") as DemoSeed;
}

export type Staff = { name: string; email: string; password: string; agencyName: string; dashboardPath: string };

let counter = 0;
/** Unique per run and per call, so tests never collide on an email or an agency name. */
export function uniqueId(): string {
  counter += 1;
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}${counter}`;
}

/**
 * Signs up a new owner and agency through the form and verifies the address through the Mailbox
 * (unless `verify: false`); the page ends on the agency dashboard.
 */
export async function signUp(
  page: Page,
  overrides: Partial<Omit<Staff, "dashboardPath">> = {},
  { verify = true }: { verify?: boolean } = {},
): Promise<Staff> {
  const id = uniqueId();
  const staff = {
    name: "Sam Staff",
    email: `staff-${id}@agency.example`,
    password: "correct-horse-battery",
    agencyName: `Agency ${id}`,
    ...overrides,
  };
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(staff.name);
  await page.getByLabel("Work email").fill(staff.email);
  await page.getByLabel("Password").fill(staff.password);
  await page.getByLabel("Agency name").fill(staff.agencyName);
  await page.getByRole("button", { name: "Create agency" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page).toHaveURL(/\/a\/[a-z0-9-]+$/);
  const dashboardPath = new URL(page.url()).pathname;
  // Until its address is verified an account may not invite staff or email clients (docs/decisions/046).
  if (verify) {
    await openVerificationLink(page, dashboardPath);
    await page.getByRole("button", { name: "Verify my address" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Email address verified" })).toBeVisible();
    await page.goto(dashboardPath);
  }
  return { ...staff, dashboardPath };
}

/**
 * The newest Mailbox message with `subject`, read as plain text: the first link's address that contains `path`.
 * `count`: wait until that many such messages arrived (the worker sends a re-sent message a moment later).
 */
export async function linkFromMailbox(
  page: Page,
  dashboardPath: string,
  subject: string | RegExp,
  path: string,
  count = 1,
): Promise<string> {
  let url = "";
  await expect(async () => {
    await page.goto(`${dashboardPath}/mailbox`);
    const messages = page.getByTestId("mailbox").getByRole("link", { name: subject });
    expect(await messages.count()).toBeGreaterThanOrEqual(count);
    await messages.first().click({ timeout: 2_000 });
    await page.getByRole("link", { name: "Plain text" }).click();
    url = (await page.getByTestId("mail-body").getByRole("link").filter({ hasText: path }).first().getAttribute("href")) ?? "";
    expect(url).toContain(path);
  }).toPass({ timeout: 15_000 });
  return url;
}

/** Opens the newest verification link (read in the Mailbox, as its addressee), once `count` of them arrived. */
export async function openVerificationLink(page: Page, dashboardPath: string, count = 1) {
  await page.goto(await linkFromMailbox(page, dashboardPath, "Verify your email address", "/verify-email/", count));
}

/** The invitation link of the email to `email`, read from the in-app mailbox (plain text view). */
export async function invitationUrl(page: Page, staff: Staff, email: string): Promise<string> {
  let url = "";
  await expect(async () => {
    await page.goto(`${staff.dashboardPath}/mailbox`);
    // Rows by their element: on a phone each one is a card.
    await page.getByTestId("mailbox").locator("tr").filter({ hasText: email }).getByRole("link").first().click({ timeout: 2_000 });
    await page.getByRole("link", { name: "Plain text" }).click();
    url = (await page.getByTestId("mail-body").getByRole("link").first().getAttribute("href")) ?? "";
    expect(url).toMatch(/\/invite\//);
  }).toPass({ timeout: 20_000 });
  return url;
}

/** Invites `name` as a Member, who joins from a browser of their own. Ends on the team page. */
export async function addMember(page: Page, browser: Browser, staff: Staff, name = "Sam Sample") {
  const email = `member-${uniqueId()}@agency.example`;
  await page.goto(`${staff.dashboardPath}/team`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("MEMBER");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${email}.`, { exact: true })).toBeVisible();
  const url = await invitationUrl(page, staff, email);
  const context = await browser.newContext();
  try {
    const member = await context.newPage();
    await member.goto(url);
    await member.getByLabel("Your name").fill(name);
    await member.getByLabel("Password").fill("member-password-123");
    await member.getByRole("button", { name: "Create account and join" }).click();
    await expect(member.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  } finally {
    await context.close();
  }
  await page.goto(`${staff.dashboardPath}/team`);
  return { name, email };
}

/** A member's row on the team page (a card on a phone). */
export const memberRow = (page: Page, name: string) => page.getByTestId("members").locator("tr").filter({ hasText: name });

export type SiteRow = { id: string; name: string; url?: string };

/** Fills the client form's site rows (`sites[i].*`), by their visible labels, adding rows as needed. */
export async function fillSites(page: Page, sites: SiteRow[]) {
  const sitesGroup = page.getByRole("group", { name: "Hotjar sites" });
  for (const [i, site] of sites.entries()) {
    if ((await sitesGroup.getByLabel(`Site ${i + 1} ID`, { exact: true }).count()) === 0) {
      await sitesGroup.getByRole("button", { name: "Add another site" }).click();
    }
    await sitesGroup.getByLabel(`Site ${i + 1} ID`, { exact: true }).fill(site.id);
    await sitesGroup.getByLabel(`Site ${i + 1} name`, { exact: true }).fill(site.name);
    if (site.url) await sitesGroup.getByLabel(`Site ${i + 1} URL (optional)`, { exact: true }).fill(site.url);
  }
}

/** Creates a client through the New client form; the page ends on the client's page. */
export async function createClient(
  page: Page,
  staff: Staff,
  client: { name: string; contactName: string; contactEmail: string; sites: SiteRow[] },
) {
  await page.goto(`${staff.dashboardPath}/clients/new`);
  await page.getByLabel("Client name").fill(client.name);
  await page.getByLabel("Contact name").fill(client.contactName);
  await page.getByLabel("Contact email").fill(client.contactEmail);
  await fillSites(page, client.sites);
  await page.getByRole("button", { name: "Create client" }).click();
  await expect(page.getByRole("heading", { level: 1, name: client.name })).toBeVisible();
}

/**
 * From a client's page, creates a Viewer link for the given site ids through the New link form;
 * the page ends on the link's page. Returns the link's URL.
 */
export async function createLink(page: Page, siteIds: string[], reason = "Checkout funnel analysis"): Promise<string> {
  await page.getByRole("link", { name: "New link for this client" }).click();
  for (const id of siteIds) await page.getByRole("checkbox", { name: new RegExp(id) }).check();
  await page.getByLabel("Business reason").fill(reason);
  await page.getByRole("button", { name: "Create link" }).click();
  await expect(page.getByRole("status")).toContainText("Link created");
  return (await page.getByTestId("link-url").textContent())?.trim() ?? "";
}

/** Where screenshots for a human to look at go (git-ignored). */
export function screenshotPath(name: string): string {
  const dir = path.join(TMP_DIR, "screenshots");
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

export const test = base.extend<object, { demo: DemoSeed }>({
  demo: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use(readDemoSeed());
    },
    { scope: "worker" },
  ],
});
