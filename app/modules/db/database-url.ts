import path from "node:path";

/** Where the embedded data lives: `DATA_DIR`, default `./data` beside package.json. */
export function resolveDataDir(env: Partial<Record<string, string>>): string {
  return path.resolve(env.DATA_DIR || "data");
}

/**
 * The database URL the app and the Prisma CLI share. Unset means the embedded SQLite file, as an
 * absolute path, so the CLI (which resolves relative to the schema) and the adapter (relative to
 * the cwd) open the same file.
 */
export function resolveDatabaseUrl(env: Partial<Record<string, string>>): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  return `file:${path.join(resolveDataDir(env), "portal.db")}`;
}

export type DatabaseProvider = "sqlite" | "postgresql";

/** The provider a URL names: `file:` is SQLite, `postgres://` or `postgresql://` PostgreSQL. */
export function databaseProvider(url: string): DatabaseProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL)");
}

/** Where each provider's schema and migrations live (the PostgreSQL ones are generated). */
export const PRISMA_DIRS: Record<DatabaseProvider, string> = {
  sqlite: "prisma",
  postgresql: path.join("prisma", "postgres"),
};
