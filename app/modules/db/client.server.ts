// Making database clients for either provider. db.server.ts holds the app's one client; tests
// make their own (e.g. on a recording adapter) without creating that one first.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

import type { PrismaClient as PgPrismaClient } from "../../../generated/pg-client";
import { databaseProvider } from "./database-url";
import { endingTransactions } from "./ending-transactions.server";
import { serializeSqliteAdapter } from "./serialized-adapter.server";

/**
 * The app's client type. The PostgreSQL client is generated from the same schema into
 * generated/pg-client (docs/decisions/021): same models, same methods, so the app is typed once
 * against the SQLite client and runs on either.
 */
export type Db = PrismaClient;

// A burst of write transactions queues (SQLite runs one at a time; a PostgreSQL pool has a few
// connections) instead of failing after the default two seconds.
const transactionOptions = { maxWait: 15_000, timeout: 15_000 };

/** The driver's own adapter for a database URL. */
export function driverAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  // Like SQLite's busy timeout: a statement that waits more than 5 s for a lock fails (503, try
  // again) instead of holding the request. An `options` in DATABASE_URL overrides it.
  if (databaseProvider(url) === "postgresql")
    return new PrismaPg({ connectionString: url, max: poolSize(), options: "-c lock_timeout=5000" });
  // WAL lets the seed script, a worker and the server share the file; busy_timeout makes a
  // second writer wait instead of failing at once.
  return new PrismaBetterSQLite3({ url: url.replace(/^file:/, ""), timeout: 5000 });
}

/**
 * The adapter the app uses for `url` (tests record its statements): the driver's (or `driver`,
 * where a test injects faults beneath), with every transaction ended even when its COMMIT fails,
 * and on SQLite one connection whose queries take turns.
 */
export function createAdapter(url: string, driver = driverAdapter(url)): SqlMigrationAwareDriverAdapterFactory {
  const serialized = databaseProvider(url) === "postgresql" ? driver : serializeSqliteAdapter(driver);
  return endingTransactions(serialized);
}

/** A client for `url` on `adapter` (default: the URL's own adapter). */
export function createDbClient(url: string, adapter = createAdapter(url)): Db {
  return databaseProvider(url) === "postgresql"
    ? (new (loadPostgresClient().PrismaClient)({ adapter, transactionOptions }) as unknown as Db)
    : new PrismaClient({ adapter, transactionOptions });
}

/**
 * The PostgreSQL client, loaded at run time from the project's generated/ folder: the server
 * bundle must not inline it (it reads its query compiler from files beside itself), and a
 * SQLite-only process never loads it.
 */
function loadPostgresClient(): { PrismaClient: typeof PgPrismaClient } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, "generated", "pg-client"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("generated/pg-client is missing: run npm install (postinstall generates it)");
    dir = parent;
  }
  return createRequire(import.meta.url)(path.join(dir, "generated", "pg-client"));
}

function poolSize(): number {
  const size = Number(process.env.DATABASE_POOL_SIZE ?? 10);
  return Number.isInteger(size) && size > 0 ? size : 10;
}
