// Real database faults for the suites, on either provider: another connection holding a lock
// that blocks the app's writes (and on PostgreSQL its reads too: SQLite's WAL readers go on), and
// the app's connection refusing writes.
//   SQLite: a second connection holds BEGIN EXCLUSIVE; PRAGMA query_only on the app's connection.
//   PostgreSQL: a second connection holds LOCK TABLE ... ACCESS EXCLUSIVE; the database is set
//   to read-only transactions and the app's connections are ended, so the pool reconnects into it.
import Database from "better-sqlite3";
import pg from "pg";

import { db } from "~/modules/db/db.server";

import { onPostgres } from "../setup/test-database";

/** What databaseUnavailableReason() names each fault. */
export const reasons = () =>
  onPostgres ? { locked: "postgres 55P03", readOnly: "postgres 25006" } : { locked: "SQLITE_BUSY", readOnly: "SQLITE_READONLY" };

/** The app waits this long for a lock where a test shortens its wait (SQLite: setLockWait). */
export const TEST_LOCK_WAIT_MS = 200;

/** SQLite: the app's one connection waits `ms` for a lock (its default is 5 s). */
export async function setLockWait(ms: number): Promise<void> {
  if (!onPostgres) await db.$executeRawUnsafe(`PRAGMA busy_timeout = ${ms}`);
}

export interface Lock {
  release(): Promise<void>;
}

/** Another connection takes the lock that blocks every write of the app's tables (PostgreSQL: every read too). */
export async function lockDatabase(): Promise<Lock> {
  const url = process.env.DATABASE_URL!;
  if (!onPostgres) {
    const other = new Database(url.replace(/^file:/, ""));
    other.exec("BEGIN EXCLUSIVE");
    return {
      async release() {
        if (other.inTransaction) other.exec("ROLLBACK");
        other.close();
      },
    };
  }
  const other = new pg.Client({ connectionString: url.split("?")[0] });
  await other.connect();
  const { rows } = await other.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'",
  );
  await other.query("BEGIN");
  await other.query(`LOCK TABLE ${rows.map((r) => `"${r.tablename}"`).join(", ")} IN ACCESS EXCLUSIVE MODE`);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await other.query("ROLLBACK");
      await other.end();
    },
  };
}

/** The app's connection refuses writes (on) or takes them again (off). */
export async function setReadOnly(on: boolean): Promise<void> {
  if (!onPostgres) {
    await db.$executeRawUnsafe(`PRAGMA query_only = ${on ? "ON" : "OFF"}`);
    return;
  }
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL!.split("?")[0] });
  await admin.connect();
  try {
    // This session starts read-only too once the database is: it must be able to switch back.
    await admin.query("SET default_transaction_read_only = off");
    const { rows } = await admin.query<{ db: string }>("SELECT current_database() AS db");
    await admin.query(`ALTER DATABASE "${rows[0]!.db}" SET default_transaction_read_only = ${on ? "on" : "off"}`);
    // Settings apply to new sessions: end the app's, its pool reconnects with the new one.
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
  } finally {
    await admin.end();
  }
  // The pool drops a client whose server went away when the socket closes: give it that moment.
  await new Promise((resolve) => setTimeout(resolve, 100));
}
