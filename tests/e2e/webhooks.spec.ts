// Issue 18: an Owner adds a webhook endpoint (a receiver on loopback, which the e2e server's
// WEBHOOK_ALLOW_HTTP_HOSTS lets through), sends a test event, sees it delivered in the log with its
// response code, and replays it: the receiver gets the same signed message twice, same webhook-id.
import http from "node:http";
import type { AddressInfo } from "node:net";

import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";

import { expect, screenshotPath, signUp, test } from "./fixtures";

type Received = { headers: Record<string, string>; body: string };
const received: Received[] = [];
let server: http.Server;
let receiverUrl: string;

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers as Record<string, string>, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/portal`;
});

test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** The log as the page shows it, reloaded until `done` holds (the worker polls every 300 ms). */
async function waitForLog(page: Page, done: (rows: string[]) => boolean) {
  await expect
    .poll(
      async () => {
        await page.getByRole("link", { name: "Refresh" }).click();
        const rows = await page.getByTestId("delivery-row").allInnerTexts();
        return done(rows);
      },
      { timeout: 15_000 },
    )
    .toBe(true);
}

async function axe(page: Page) {
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.impact} ${v.id}: ${v.help}`)).toEqual([]);
}

test("an Owner adds an endpoint, sends a test event, sees it delivered in the log and replays it", async ({ page }) => {
  const owner = await signUp(page);
  await page.goto(owner.dashboardPath);
  await page.getByRole("navigation").getByRole("link", { name: "Settings" }).first().click();
  await page.getByRole("link", { name: "Manage webhooks" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
  await expect(page.getByText("No webhook endpoints yet")).toBeVisible();
  await page.screenshot({ path: screenshotPath("webhooks-empty-1280.png"), fullPage: true });

  await page.getByRole("link", { name: "Add endpoint" }).click();
  // An address that is not https is refused with a field error.
  await page.getByLabel("Address (URL)").fill("http://crm.example.com/hooks");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByText("Use an https:// address")).toBeVisible();

  await page.getByLabel("Address (URL)").fill(receiverUrl);
  await page.getByLabel("Note (optional)").fill("CRM workflow");
  await page.getByRole("checkbox", { name: "Client added" }).check();
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "CRM workflow" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Endpoint added" }).first()).toBeVisible();
  const secret = (await page.getByTestId("webhook-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
  await expect(page.getByText("Nothing sent yet")).toBeVisible();

  await page.getByRole("button", { name: "Send a test event" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Test event queued" }).first()).toBeVisible();
  await waitForLog(page, (rows) => rows.length === 1 && /Delivered/.test(rows[0]!));
  const first = page.getByTestId("delivery-row").first();
  await expect(first).toContainText("Test event");
  await expect(first).toContainText("HTTP 204");
  await expect(first).toContainText(/\d+ ms/);

  // What the receiver got verifies with the secret the page shows.
  expect(received).toHaveLength(1);
  const message = new Webhook(secret).verify(received[0]!.body, received[0]!.headers) as { type: string };
  expect(message.type).toBe("webhook.test");

  await page.screenshot({ path: screenshotPath("webhook-endpoint-1280.png"), fullPage: true });
  await axe(page);

  await first.getByRole("button", { name: /Replay/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "same webhook-id" }).first()).toBeVisible();
  await waitForLog(page, (rows) => rows.length === 2 && rows.every((r) => /Delivered/.test(r)));
  await expect(page.getByTestId("delivery-row").first()).toContainText("(replay)");
  expect(received).toHaveLength(2);
  expect(received[1]!.headers["webhook-id"]).toBe(received[0]!.headers["webhook-id"]);
  new Webhook(secret).verify(received[1]!.body, received[1]!.headers);

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: screenshotPath("webhook-endpoint-390.png"), fullPage: true });
  await axe(page);

  await page.getByRole("link", { name: "Webhooks" }).first().click();
  const row = page.getByTestId("webhook-row");
  await expect(row).toContainText(receiverUrl);
  await expect(row).toContainText("Delivered");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: screenshotPath("webhooks-list-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: screenshotPath("webhooks-list-1280.png"), fullPage: true });
  await axe(page);
});
