// Issue 14, part 3, for real: the portal's SQLite file on an 8 MB tmpfs that fills up. Writes
// answer 503 while the disk is full, every request still gets an answer, and the server serves
// again as soon as space is freed, without a restart (one failed COMMIT used to hang it for good).
// Needs a tmpfs mount (root on Linux); skipped with a message where the machine does not allow one.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { onPostgres } from "../setup/test-database";
import { freePort, startServer, stopServers } from "./support/server-process";

function mountTmpfs(): string | null {
  if (onPostgres || process.platform !== "linux") return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-full-disk-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", dir], { stdio: "ignore" });
    return dir;
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

const disk = mountTmpfs();
if (!disk && !onPostgres) console.log("full-disk run skipped: this machine does not allow mounting a small tmpfs (needs root on Linux)");

/** Writes a file until the disk refuses more; returns its path. */
function fillDisk(dir: string): string {
  const filler = path.join(dir, "filler");
  const fd = fs.openSync(filler, "w");
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

describe.skipIf(!disk)("issue 14: a full disk answers 503 and the server recovers without a restart", () => {
  let origin: string;

  beforeAll(async () => {
    const port = await freePort();
    ({ origin } = await startServer(port, { DATA_DIR: disk!, DATABASE_URL: `file:${path.join(disk!, "portal.db")}` }));
  }, 90_000);

  afterAll(async () => {
    await stopServers();
    if (disk) {
      execFileSync("umount", [disk]);
      fs.rmSync(disk, { recursive: true, force: true });
    }
  });

  const timeout = () => AbortSignal.timeout(10_000); // before the fix, requests after a failed COMMIT never answered
  let cookie = "";
  let dashboard = "";
  let n = 0;

  /** A new client: one transaction of several writes, so the full disk fails it at COMMIT. */
  async function createClient() {
    n += 1;
    const response = await fetch(`${origin}${dashboard}/clients/new`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: origin, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        name: `Acme ${n}`,
        contactName: "Casey Client",
        contactEmail: "casey@acme.example",
        "sites[0].hotjarSiteId": String(1000000 + n),
        "sites[0].name": `acme-${n}.example`,
        "sites[0].url": "",
      }),
      signal: timeout(),
    });
    await response.text();
    return response.status;
  }

  it("refuses writes with 503 while full, keeps answering, and serves again once space is freed", async () => {
    const signUp = await fetch(`${origin}/signup`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        name: "Dana Disk",
        email: "dana@agency.example",
        password: "long enough password",
        agencyName: "Disk Agency",
      }),
      signal: timeout(),
    });
    expect(signUp.status).toBe(302);
    cookie = signUp.headers.get("set-cookie")!.split(";")[0]!;
    dashboard = signUp.headers.get("location")!;
    expect(await createClient()).toBe(302);

    const filler = fillDisk(disk!);
    const whileFull: number[] = [];
    for (let i = 0; i < 5; i++) whileFull.push(await createClient());
    expect(
      whileFull.every((status) => status === 503),
      `answers while full: ${whileFull.join(", ")}`,
    ).toBe(true);
    // Reads still answer: nothing is left holding the database.
    const clients = await fetch(`${origin}${dashboard}/clients`, { headers: { Cookie: cookie }, signal: timeout() });
    expect(clients.status).toBe(200);
    expect(await clients.text()).toContain("Acme 1");

    fs.rmSync(filler);
    expect(await createClient()).toBe(302);
    expect(await createClient()).toBe(302);
  }, 90_000);
});
