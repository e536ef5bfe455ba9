// Builds the app's database client on a recording adapter, so a test can see every SQL statement
// the app runs (e.g. "a forged token costs no read of link data"). Call it before any app module
// is imported: db.server.ts keeps the client it finds in this slot.
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { serializeSqliteAdapter } from "~/modules/db/serialized-adapter.server";

function recording(factory: SqlMigrationAwareDriverAdapterFactory, statements: string[]): SqlMigrationAwareDriverAdapterFactory {
  const record = <T>(run: (query: SqlQuery) => Promise<T>) => (query: SqlQuery) => {
    statements.push(query.sql);
    return run(query);
  };
  return {
    ...factory,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await factory.connect();
      return {
        ...adapter,
        queryRaw: record((q) => adapter.queryRaw(q)),
        executeRaw: record((q) => adapter.executeRaw(q)),
        async startTransaction(isolationLevel) {
          const tx = await adapter.startTransaction(isolationLevel);
          return { ...tx, queryRaw: record((q) => tx.queryRaw(q)), executeRaw: record((q) => tx.executeRaw(q)) };
        },
      };
    },
  };
}

/** Installs the recording client; returns the live list of statements it records. */
export function installRecordingDb(): string[] {
  const statements: string[] = [];
  (globalThis as unknown as { __portalDb?: PrismaClient }).__portalDb = new PrismaClient({
    adapter: recording(serializeSqliteAdapter(new PrismaBetterSQLite3({ url: process.env.DATABASE_URL!.replace(/^file:/, ""), timeout: 5000 })), statements),
    transactionOptions: { maxWait: 15_000, timeout: 15_000 },
  });
  return statements;
}
