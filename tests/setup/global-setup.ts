// Runs once per `vitest run`, in the main process: builds ONE migrated database with the real
// migrations (prisma migrate deploy, the same command `npm start` runs): a SQLite file, or on
// PostgreSQL a template database. Each test file then copies it (tests/setup/per-file-db.ts)
// instead of migrating again.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";
import type { TestProject } from "vitest/node";

import { buildIfNeeded } from "../../scripts/build.mjs";
import { TEMPLATE_DB, TMP_DIR } from "./paths";
import { createDatabase, dropDatabase, dropStaleDatabases, onPostgres, testDatabaseName } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    postgresTemplate: string;
  }
}

const ROOT = path.resolve(TMP_DIR, "..", "..");
const STALE_MS = 60 * 60 * 1000;

export default async function setup(project: TestProject) {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  // Suites that start the real server (`npm start`'s server/index.ts) in parallel must not each
  // find the build stale and build it at the same time: build once, here.
  buildIfNeeded();
  if (onPostgres) return setupPostgres(project);
  removeStaleFiles();

  // Migrate a private file, then rename it into place: a concurrent run (another person in the
  // same checkout) never copies a half-migrated template.
  const building = path.join(TMP_DIR, `template-${process.pid}-${randomBytes(4).toString("hex")}.db`);
  try {
    migrateDeploy(`file:${building}`);
    // As server/prepare.ts leaves the app's file: WAL, so reads go on beside a writer (decision 057).
    const sqlite = new Database(building);
    sqlite.pragma("journal_mode = WAL");
    sqlite.close();
  } catch (error) {
    fs.rmSync(building, { force: true });
    throw error;
  }
  for (const suffix of ["-journal", "-wal", "-shm"]) fs.rmSync(building + suffix, { force: true });
  fs.renameSync(building, TEMPLATE_DB);
}

/** The template database every test file copies; dropped when the run ends. */
async function setupPostgres(project: TestProject) {
  await dropStaleDatabases();
  const template = testDatabaseName("template");
  const url = await createDatabase(template);
  try {
    migrateDeploy(url);
  } catch (error) {
    await dropDatabase(template);
    throw error;
  }
  project.provide("postgresTemplate", template);
  return () => dropDatabase(template);
}

function migrateDeploy(databaseUrl: string) {
  try {
    execFileSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(
      `prisma migrate deploy failed for the test template:\n${e.stderr?.toString() ?? ""}${e.stdout?.toString() ?? ""}${e.message}`,
    );
  }
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
