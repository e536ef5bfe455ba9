// Finding 4 of the outside test (issue 13): from a project at a deep path every end-to-end test
// failed, because Chromium's singleton socket lived under tests/.tmp and passed the 108-byte
// limit of a Unix socket path. Chromium now gets a short home under the OS temp folder: launched
// here for real, its socket must sit there, whatever the project's path.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { chromium } from "@playwright/test";
import { describe, expect, it } from "vitest";

import { chromiumEnvironment } from "../e2e/chromium-home";

const UNIX_SOCKET_PATH_MAX = 107; // sun_path holds 108 bytes, the last one a NUL
const executablePath = process.env.CHROMIUM_PATH || "/usr/lib/chromium/chromium";

function socketsUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSocket()) found.push(full);
    else if (entry.isDirectory()) found.push(...socketsUnder(full));
  }
  return found;
}

describe("finding 4: npm test fails when the project lives in a deep folder", () => {
  it("Chromium's home is a short folder under the OS temp folder, not inside the project", () => {
    const deep = "/home/someone/work/clients/agency-tools/onboarding-link-portal/with/a/rather/long/path/to/be/sure/it/works";
    const env = chromiumEnvironment(deep);
    expect(chromiumEnvironment(deep)).toEqual(env); // the same folder on every run of one checkout
    expect(chromiumEnvironment(`${deep}-2`).HOME).not.toBe(env.HOME);
    for (const dir of Object.values(env)) {
      expect(dir.startsWith(os.tmpdir())).toBe(true);
      expect(dir.startsWith(deep)).toBe(false);
    }
    // Chromium adds ".org.chromium.Chromium.XXXXXX/SingletonSocket" (45 bytes) to TMPDIR.
    expect(env.TMPDIR!.length + 45).toBeLessThanOrEqual(UNIX_SOCKET_PATH_MAX);
    for (const project of [deep, `${deep}-2`]) fs.rmSync(chromiumEnvironment(project).HOME, { recursive: true, force: true });
  });

  it.skipIf(!fs.existsSync(executablePath))("a real Chromium starts with it and puts its socket there", async () => {
    const env = chromiumEnvironment();
    const browser = await chromium.launch({
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
      env: { ...process.env, ...env },
    });
    try {
      const page = await browser.newPage();
      await page.setContent("<p>started</p>");
      expect(await page.textContent("p")).toBe("started");
      const sockets = socketsUnder(env.TMPDIR!);
      expect(sockets.length).toBeGreaterThan(0);
      for (const socket of sockets) expect(Buffer.byteLength(socket)).toBeLessThanOrEqual(UNIX_SOCKET_PATH_MAX);
    } finally {
      await browser.close();
    }
  });
});
