// Everything `npm start` does before listening: default the signing key, validate the
// environment, build when the sources are newer than the build, apply migrations.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { generateKeyRingEntry } from "../app/modules/links/token.server";
import { databaseProvider, PRISMA_DIRS, resolveDataDir, type DatabaseProvider } from "../app/modules/db/database-url";
import { EnvError, parseEnv, type Env } from "../app/modules/env/env.server";

const root = process.cwd();
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

/** The embedded default: a key generated once and kept in data/, with a loud warning. */
export function ensureSigningKeys(env: NodeJS.ProcessEnv): void {
  if (env.LINK_SIGNING_KEYS) return;
  // On PostgreSQL there may be several instances: a key made by one would refuse the links of
  // the others. They must all be given the same key ring.
  if (/^postgres/.test(env.DATABASE_URL ?? "")) return;
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

/** The migration folders of a provider, in the order `migrate deploy` applies them. */
function migrationNames(provider: DatabaseProvider): string[] {
  return fs
    .readdirSync(path.join(root, PRISMA_DIRS[provider], "migrations"), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
}

const APPLIED = "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL";

/** The migrations recorded as applied, or [] when the database or its history table is missing. */
async function appliedMigrations(databaseUrl: string): Promise<string[]> {
  if (databaseProvider(databaseUrl) === "sqlite") {
    const file = databaseUrl.replace(/^file:/, "");
    if (!fs.existsSync(file)) return [];
    const sqlite = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
      if (!table) return [];
      return (sqlite.prepare(APPLIED).all() as { migration_name: string }[]).map((r) => r.migration_name);
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ exists: boolean }>("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists");
    if (!rows[0]?.exists) return [];
    return (await client.query<{ migration_name: string }>(APPLIED)).rows.map((r) => r.migration_name);
  } finally {
    await client.end();
  }
}

/** Applies the provider's pending migrations (`prisma migrate deploy`); does nothing when none is. */
export async function migrate(databaseUrl: string): Promise<void> {
  const provider = databaseProvider(databaseUrl);
  // `migrate deploy` takes an exclusive lock (and on PostgreSQL lingers ~10 s on an advisory-lock
  // timer): skipping it when nothing is pending lets the seed script, a worker or a second
  // instance start beside a running server, and saves seconds per start.
  const done = new Set(await appliedMigrations(databaseUrl));
  if (migrationNames(provider).every((name) => done.has(name))) return;
  execFileSync(bin("prisma"), ["migrate", "deploy"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  if (provider === "sqlite") {
    // WAL is a property of the file: readers never block the writer (server, seed, worker).
    const sqlite = new Database(databaseUrl.replace(/^file:/, ""));
    sqlite.pragma("journal_mode = WAL");
    sqlite.close();
  }
}
