import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { resolveDatabaseUrl } from "./database-url";
import { serializeSqliteAdapter } from "./serialized-adapter.server";

export type Db = PrismaClient;

function createClient(): PrismaClient {
  const url = resolveDatabaseUrl(process.env).replace(/^file:/, "");
  // WAL lets the seed script, a worker and the server share the file; busy_timeout makes a
  // second writer wait instead of failing at once.
  const adapter = serializeSqliteAdapter(new PrismaBetterSQLite3({ url, timeout: 5000 }));
  // SQLite runs one write transaction at a time: let a burst of them queue instead of
  // failing after the default two seconds.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 15_000, timeout: 15_000 } });
}

// One client per process, kept across dev rebuilds (Remix re-imports the server build).
const globalForDb = globalThis as unknown as { __portalDb?: PrismaClient };
export const db: PrismaClient = (globalForDb.__portalDb ??= createClient());
