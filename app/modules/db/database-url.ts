import path from "node:path";

/** Where the embedded data lives: `DATA_DIR`, default `./data` beside package.json. */
export function resolveDataDir(env: Partial<Record<string, string>>): string {
  return path.resolve(env.DATA_DIR || "data");
}

/**
 * The SQLite URL the app and the Prisma CLI share. An absolute path, so the CLI (which
 * resolves relative to the schema) and the adapter (relative to the cwd) open the same file.
 */
export function resolveDatabaseUrl(env: Partial<Record<string, string>>): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  return `file:${path.join(resolveDataDir(env), "portal.db")}`;
}
