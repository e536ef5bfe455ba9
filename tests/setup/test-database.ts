// Which database the suites run on, and the throw-away PostgreSQL databases they use. SQLite
// files are copies of a migrated template (per-file-db.ts); PostgreSQL databases are made from
// a migrated template database with CREATE DATABASE ... TEMPLATE, which copies files, not rows.
import { randomBytes } from "node:crypto";

import pg from "pg";

export const onPostgres = process.env.TEST_DATABASE === "postgresql";

/** The server's URL (TEST_POSTGRES_URL), with a different database name. */
export function postgresUrl(database: string): string {
  const admin = process.env.TEST_POSTGRES_URL;
  if (!admin) throw new Error("TEST_DATABASE=postgresql needs TEST_POSTGRES_URL (a server where tests may create databases)");
  const url = new URL(admin);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl("postgres") });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A name for a new throw-away database: lowercase, unique per call, with a recognisable prefix. */
export function testDatabaseName(kind: "template" | "test" | "server"): string {
  return `portal_${kind}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

export async function createDatabase(name: string, template?: string): Promise<string> {
  // Two files may copy the same template at the same moment: PostgreSQL refuses a copy while
  // another session is connected to the template, so try again briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`));
      return postgresUrl(name);
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Test databases older than an hour: left by a run that crashed. */
export async function dropStaleDatabases(): Promise<void> {
  const names = await admin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname ~ '^portal_(template|test|server)_'",
    );
    return rows.map((r) => r.datname);
  });
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const name of names) {
    const pid = Number(name.split("_")[2]);
    if (!alive(pid)) await dropDatabase(name);
  }
}
