// Runs in the test file's worker before the file's own imports: a fresh copy of the migrated
// template for this file alone (a SQLite file, or a PostgreSQL database), and the environment
// the app reads at import time (app/modules/db/db.server.ts creates its client from
// DATABASE_URL when first imported).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { afterAll, inject } from "vitest";

import { TEMPLATE_DB, TMP_DIR } from "./paths";
import { createDatabase, dropDatabase, onPostgres, testDatabaseName } from "./test-database";
import { TEST_SIGNING_KEYS } from "./test-env";

const globalForDb = globalThis as unknown as { __portalDb?: { $disconnect(): Promise<void> } };
if (globalForDb.__portalDb) {
  // The config runs every file in its own process; reusing a client would share a database.
  throw new Error("a PrismaClient already exists in this worker: keep poolOptions.forks.isolate = true");
}

const worker = process.env.VITEST_POOL_ID ?? "0";
let removeDatabase: () => Promise<void>;
if (onPostgres) {
  const name = testDatabaseName("test");
  process.env.DATABASE_URL = await createDatabase(name, inject("postgresTemplate"));
  removeDatabase = () => dropDatabase(name);
} else {
  const file = path.join(TMP_DIR, `test-${process.pid}-w${worker}-${randomBytes(6).toString("hex")}.db`);
  fs.copyFileSync(TEMPLATE_DB, file);
  process.env.DATABASE_URL = `file:${file}`;
  removeDatabase = async () => {
    for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  };
}
process.env.LINK_SIGNING_KEYS = TEST_SIGNING_KEYS;
process.env.PUBLIC_URL = "http://localhost:3000";
process.env.NODE_ENV = "test";

afterAll(async () => {
  await globalForDb.__portalDb?.$disconnect();
  await removeDatabase();
});
