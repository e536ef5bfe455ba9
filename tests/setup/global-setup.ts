// Runs once per `vitest run`, in the main process: builds ONE SQLite file with the real
// migrations (prisma migrate deploy, the same command `npm start` runs). Each test file then
// copies it (tests/setup/per-file-db.ts) instead of migrating again.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { TEMPLATE_DB, TMP_DIR } from "./paths";

const ROOT = path.resolve(TMP_DIR, "..", "..");
const STALE_MS = 60 * 60 * 1000;

export default function setup() {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  removeStaleFiles();

  // Migrate a private file, then rename it into place: a concurrent run (another person in the
  // same checkout) never copies a half-migrated template.
  const building = path.join(TMP_DIR, `template-${process.pid}-${randomBytes(4).toString("hex")}.db`);
  try {
    execFileSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, DATABASE_URL: `file:${building}`, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    fs.rmSync(building, { force: true });
    throw new Error(
      `prisma migrate deploy failed for the test template:\n${e.stderr?.toString() ?? ""}${e.stdout?.toString() ?? ""}${e.message}`,
    );
  }
  for (const suffix of ["-journal", "-wal", "-shm"]) fs.rmSync(building + suffix, { force: true });
  fs.renameSync(building, TEMPLATE_DB);
}

/** Per-file databases left behind by a run that crashed (each file removes its own otherwise). */
function removeStaleFiles() {
  const now = Date.now();
  for (const name of fs.readdirSync(TMP_DIR)) {
    // Only this setup's own names: other suites keep their files in tests/.tmp too.
    if (!/^(test|template)-[\w-]+\.db(-journal|-wal|-shm)?$/.test(name)) continue;
    const file = path.join(TMP_DIR, name);
    try {
      if (now - fs.statSync(file).mtimeMs > STALE_MS) fs.rmSync(file, { force: true });
    } catch {
      // removed meanwhile by its own run
    }
  }
}
