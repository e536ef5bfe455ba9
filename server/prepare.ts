// Everything `npm start` does before listening: default the signing key, validate the
// environment, build when the sources are newer than the build, apply migrations.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { generateKeyRingEntry } from "../app/modules/links/token.server";
import { resolveDataDir } from "../app/modules/db/database-url";
import { EnvError, parseEnv, type Env } from "../app/modules/env/env.server";

const root = process.cwd();
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

/** The embedded default: a key generated once and kept in data/, with a loud warning. */
export function ensureSigningKeys(env: NodeJS.ProcessEnv): void {
  if (env.LINK_SIGNING_KEYS) return;
  const dataDir = resolveDataDir(env);
  const file = path.join(dataDir, "link-signing-keys");
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, `${generateKeyRingEntry()}\n`, { mode: 0o600 });
    console.warn(`warning: generated a link signing key in ${path.relative(root, file)}; production must set LINK_SIGNING_KEYS itself`);
  } else {
    console.warn(`warning: using the generated link signing key in ${path.relative(root, file)}; production must set LINK_SIGNING_KEYS itself`);
  }
  env.LINK_SIGNING_KEYS = fs.readFileSync(file, "utf8").trim();
}

export function loadEnvOrExit(): Env {
  try {
    ensureSigningKeys(process.env);
    const env = parseEnv(process.env);
    process.env.DATABASE_URL = env.DATABASE_URL;
    return env;
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function buildIfNeeded(): void {
  const output = path.join(root, "build", "index.js");
  const sources = Math.max(newestMtime(path.join(root, "app")), fs.statSync(path.join(root, "remix.config.js")).mtimeMs);
  if (fs.existsSync(output) && fs.statSync(output).mtimeMs >= sources) return;
  if (!fs.existsSync(bin("remix"))) {
    throw new Error("build/ is missing or stale and @remix-run/dev is not installed: run npm install");
  }
  console.log("building the app...");
  execFileSync(bin("remix"), ["build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production", VITE_CJS_IGNORE_WARNING: "true" } });
}

/** True when every migration folder is recorded as applied in the database. */
function migrationsApplied(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const wanted = fs
    .readdirSync(path.join(root, "prisma", "migrations"), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return false;
    const rows = sqlite.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all() as { migration_name: string }[];
    const done = new Set(rows.map((r) => r.migration_name));
    return wanted.every((name) => done.has(name));
  } finally {
    sqlite.close();
  }
}

export function migrate(databaseUrl: string): void {
  const file = databaseUrl.replace(/^file:/, "");
  // `migrate deploy` takes an exclusive lock: skipping it when nothing is pending lets the seed
  // script (or a second process) start beside a running server, and saves a second per start.
  if (migrationsApplied(file)) return;
  execFileSync(bin("prisma"), ["migrate", "deploy"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  // WAL is a property of the file: readers never block the writer (server, seed, worker).
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
}
