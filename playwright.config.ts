import path from "node:path";

import { defineConfig } from "@playwright/test";

import { chromiumEnvironment } from "./tests/e2e/chromium-home";
import { BASE_URL, DATA_DIR, DEMO_SEED_FILE, serverEnv } from "./tests/e2e/env";

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  use: {
    baseURL: BASE_URL,
    // Headless Chromium says "HeadlessChrome", which isbot() flags: the app would then not count
    // link opens (mail scanners are not the client). Tests act as a real desktop browser.
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/lib/chromium/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
      ],
      // Chromium writes ~/.config/chromium, ~/.cache and its singleton socket: a short temp folder.
      env: { ...process.env, ...chromiumEnvironment() },
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    // A fresh database every run. The demo seed runs first, against the same DATA_DIR, PORT and
    // PUBLIC_URL: it cannot run beside the live server, whose open connection makes the seed's
    // `prisma migrate deploy` fail ("database is locked" under its EXCLUSIVE locking mode).
    // npm start then builds if needed, reuses the seed's signing key and migrates (a no-op).
    command: `rm -rf "${DATA_DIR}" "${DEMO_SEED_FILE}" && mkdir -p "${path.dirname(DEMO_SEED_FILE)}" && npm run seed:demo -- --json > "${DEMO_SEED_FILE}" && npm start`,
    url: BASE_URL,
    env: serverEnv as Record<string, string>,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
  },
});
