// The bench's own throw-away database: a SQLite file in a temporary folder, or, when
// DATABASE_URL names a PostgreSQL server, a fresh `portal_bench_<random>` database on it that is
// dropped at the end. The bench never touches the database DATABASE_URL itself names.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import pg from "pg";

export type BenchDatabase = {
  /** The URL the server and the seed use. */
  url: string;
  /** The folder for the SQLite file, the server's log and DATA_DIR. */
  dir: string;
  /** "SQLite 3.x (file in the temp folder)" or "PostgreSQL 15.x (database portal_bench_…)". */
  describe(): Promise<string>;
  /** Drops the PostgreSQL database and removes the folder. */
  dispose(): Promise<void>;
};

export async function createBenchDatabase(serverUrl: string | undefined): Promise<BenchDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-bench-"));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  if (!serverUrl || !/^postgres(ql)?:\/\//.test(serverUrl)) {
    if (serverUrl)
      throw new Error("DATABASE_URL must be a postgres:// URL for the bench (without it, the bench uses SQLite in a temporary folder)");
    const file = path.join(dir, "bench.db");
    return {
      url: `file:${file}`,
      dir,
      async describe() {
        const { default: Database } = await import("better-sqlite3");
        const sqlite = new Database(file, { readonly: true });
        try {
          const { version } = sqlite.prepare("SELECT sqlite_version() AS version").get() as { version: string };
          return `SQLite ${version} (WAL, one connection; file in ${os.tmpdir()})`;
        } finally {
          sqlite.close();
        }
      },
      async dispose() {
        removeDir();
      },
    };
  }

  const name = `portal_bench_${randomBytes(5).toString("hex")}`;
  const admin = async <T>(run: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  };
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dir,
    async describe() {
      const version = await admin(async (c) => (await c.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version);
      const pool = process.env.DATABASE_POOL_SIZE ?? "10";
      return `PostgreSQL ${version} (database ${name}, pool of ${pool} connections)`;
    },
    async dispose() {
      // WITH (FORCE) ends any connection left over (PostgreSQL 13+).
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      removeDir();
    },
  };
}
