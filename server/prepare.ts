// Everything the server does before listening: default the signing key, validate the
// environment, check the data folder, apply migrations (scripts/build.mjs builds beforehand).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";
import pg from "pg";

import { type DatabaseProvider, databaseProvider, PRISMA_DIRS, resolveDataDir } from "../app/modules/db/database-url";
import { type Env, EnvError, parseEnv } from "../app/modules/env/env.server";
import { generateKeyRingEntry } from "../app/modules/links/token.server";

const root = process.cwd();
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

/**
 * A start-up problem the operator can fix, said in one line: what, where, and what to do.
 * `loadEnvOrExit` and `migrateOrExit` print it without a stack and exit with code 1.
 */
export class StartupError extends Error {}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code ?? "unknown error";

/** The SQLite file a `file:` URL names, as an absolute path (relative ones are from the cwd, as the adapter reads them). */
const sqliteFile = (databaseUrl: string) => path.resolve(databaseUrl.replace(/^file:/, ""));

/** The setting that moves `folder`: DATA_DIR holds the default database and the generated key. */
const settingFor = (folder: string) => (folder === resolveDataDir(process.env) ? "DATA_DIR" : "DATABASE_URL");

function cannotWriteFolder(folder: string, code: string): StartupError {
  const instead = settingFor(folder) === "DATA_DIR" ? "set DATA_DIR to a folder that is" : "set DATABASE_URL to a file in a folder that is";
  return new StartupError(`cannot write the data folder ${folder} (${code}): make it writable by this user, or ${instead}`);
}

/**
 * Creates `folder` if it is missing and writes (then removes) a file in it, as SQLite will write
 * its database and the -wal and -shm files beside it. Fails as one line: a parent that is a file
 * (ENOTDIR), a folder that is a file (EEXIST), no permission (EACCES), a read-only disk (EROFS),
 * a full one (ENOSPC).
 */
export function ensureWritableFolder(folder: string): void {
  try {
    fs.mkdirSync(folder, { recursive: true });
    const probe = path.join(folder, `.write-check-${process.pid}`);
    fs.closeSync(fs.openSync(probe, "w"));
    fs.rmSync(probe);
  } catch (error) {
    throw cannotWriteFolder(folder, errorCode(error));
  }
}

/** The one line for a SQLite database file that cannot be used, from the error opening or reading it. */
function databaseFileError(file: string, error: unknown): StartupError {
  const code = errorCode(error);
  if (code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT")) {
    return new StartupError(
      `cannot read the database file ${file} (not a SQLite database): restore it from a backup, or move it away to start with an empty database`,
    );
  }
  // SQLite's own codes (CANTOPEN, IOERR, READONLY) say less than the folder check does.
  const reason = code.startsWith("SQLITE_") ? "cannot open it" : code;
  const instead = settingFor(path.dirname(file)) === "DATA_DIR" ? "set DATA_DIR to another folder" : "set DATABASE_URL to another file";
  return new StartupError(`cannot use the database file ${file} (${reason}): make it a file this user can read and write, or ${instead}`);
}

/**
 * The embedded database's folder and file, checked before anything opens them: the folder is
 * created and writable, and an existing file is a regular file this user may read and write.
 */
export function checkSqliteDatabase(databaseUrl: string): void {
  const file = sqliteFile(databaseUrl);
  ensureWritableFolder(path.dirname(file));
  if (!fs.existsSync(file)) return;
  try {
    if (!fs.statSync(file).isFile()) throw Object.assign(new Error("not a file"), { code: "EISDIR" });
    fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
  } catch (error) {
    throw databaseFileError(file, error);
  }
}

/** The embedded default: a key generated once and kept in data/, with a loud warning. */
export function ensureSigningKeys(env: NodeJS.ProcessEnv): void {
  if (env.LINK_SIGNING_KEYS) return;
  // On PostgreSQL there may be several instances: a key made by one would refuse the links of
  // the others. They must all be given the same key ring.
  if (/^postgres/.test(env.DATABASE_URL ?? "")) return;
  const dataDir = resolveDataDir(env);
  const file = path.join(dataDir, "link-signing-keys");
  ensureWritableFolder(dataDir);
  try {
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, `${generateKeyRingEntry()}\n`, { mode: 0o600 });
      console.warn(`warning: generated a link signing key in ${path.relative(root, file)}; production must set LINK_SIGNING_KEYS itself`);
    } else {
      console.warn(
        `warning: using the generated link signing key in ${path.relative(root, file)}; production must set LINK_SIGNING_KEYS itself`,
      );
    }
    env.LINK_SIGNING_KEYS = fs.readFileSync(file, "utf8").trim();
  } catch (error) {
    throw new StartupError(
      `cannot use the generated link signing key ${file} (${errorCode(error)}): make it readable and writable by this user, or set LINK_SIGNING_KEYS`,
    );
  }
}

/** Prints a StartupError as its one line and exits with code 1; anything else is a bug, thrown on. */
function exitOn(error: unknown): never {
  if (error instanceof EnvError || error instanceof StartupError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

/**
 * The environment, parsed, with the embedded database's folder and file checked (SQLite); or
 * one line on stderr and exit code 1.
 */
export function loadEnvOrExit(): Env {
  try {
    ensureSigningKeys(process.env);
    const env = parseEnv(process.env);
    process.env.DATABASE_URL = env.DATABASE_URL;
    if (databaseProvider(env.DATABASE_URL) === "sqlite") checkSqliteDatabase(env.DATABASE_URL);
    return env;
  } catch (error) {
    return exitOn(error);
  }
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
    const file = sqliteFile(databaseUrl);
    if (!fs.existsSync(file)) return [];
    let sqlite: Database.Database | undefined;
    try {
      sqlite = new Database(file, { readonly: true, fileMustExist: true });
      const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
      if (!table) return [];
      return (sqlite.prepare(APPLIED).all() as { migration_name: string }[]).map((r) => r.migration_name);
    } catch (error) {
      throw databaseFileError(file, error);
    } finally {
      sqlite?.close();
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

/**
 * Applies the provider's pending migrations (`prisma migrate deploy`); does nothing when none is.
 * A database that cannot be used throws a StartupError.
 */
export async function migrate(databaseUrl: string): Promise<void> {
  const provider = databaseProvider(databaseUrl);
  if (provider === "sqlite") checkSqliteDatabase(databaseUrl);
  // `migrate deploy` takes an exclusive lock (and on PostgreSQL lingers ~10 s on an advisory-lock
  // timer): skipping it when nothing is pending lets the seed script, a worker or a second
  // instance start beside a running server, and saves seconds per start.
  const done = new Set(await appliedMigrations(databaseUrl));
  if (migrationNames(provider).every((name) => done.has(name))) return;
  await deployMigrations(databaseUrl);
  if (provider === "sqlite") {
    // WAL is a property of the file: readers never block the writer (server, seed, worker).
    const file = sqliteFile(databaseUrl);
    try {
      const sqlite = new Database(file);
      sqlite.pragma("journal_mode = WAL");
      sqlite.close();
    } catch (error) {
      throw databaseFileError(file, error);
    }
  }
}

/**
 * `prisma migrate deploy`, its output kept. The CLI reports SQLite's failures to open a file as
 * "External error id#0", so after a failure the folders it writes (the database's, and DATA_DIR,
 * which prisma.config.ts creates) and the file are checked again: a fault there becomes its one
 * line; any other failure shows the CLI's output, then one line saying so.
 */
async function deployMigrations(databaseUrl: string): Promise<void> {
  try {
    execFileSync(bin("prisma"), ["migrate", "deploy"], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
  } catch (error) {
    if (databaseProvider(databaseUrl) === "sqlite") {
      ensureWritableFolder(resolveDataDir(process.env));
      checkSqliteDatabase(databaseUrl);
      await appliedMigrations(databaseUrl);
    }
    process.stderr.write(String((error as { stderr?: Buffer }).stderr ?? ""));
    throw new StartupError(
      `applying the database migrations failed (prisma migrate deploy exited with ${(error as { status?: number }).status ?? "an error"}): see its output above`,
    );
  }
}

/** `migrate`, or the StartupError's one line on stderr and exit code 1. */
export async function migrateOrExit(databaseUrl: string): Promise<void> {
  try {
    await migrate(databaseUrl);
  } catch (error) {
    exitOn(error);
  }
}
