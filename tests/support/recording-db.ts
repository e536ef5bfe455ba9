// Builds the app's database client on a recording adapter, so a test can see every SQL statement
// the app runs (e.g. "a forged token costs no read of link data"). Call it before any app module
// is imported: db.server.ts keeps the client it finds in this slot. Works on either database.
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";

import { createAdapter, createDbClient, type Db } from "~/modules/db/client.server";

function recording(factory: SqlMigrationAwareDriverAdapterFactory, statements: string[]): SqlMigrationAwareDriverAdapterFactory {
  const record =
    <T>(run: (query: SqlQuery) => Promise<T>) =>
    (query: SqlQuery) => {
      statements.push(query.sql);
      return run(query);
    };
  return {
    ...factory,
    // The PostgreSQL factory keeps its settings on itself: call it as a method, not a copy.
    provider: factory.provider,
    adapterName: factory.adapterName,
    connectToShadowDb: () => factory.connectToShadowDb(),
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await factory.connect();
      return {
        ...adapter,
        provider: adapter.provider,
        adapterName: adapter.adapterName,
        queryRaw: record((q) => adapter.queryRaw(q)),
        executeRaw: record((q) => adapter.executeRaw(q)),
        executeScript: (script) => adapter.executeScript(script),
        getConnectionInfo: adapter.getConnectionInfo ? () => adapter.getConnectionInfo!() : undefined,
        dispose: () => adapter.dispose(),
        async startTransaction(isolationLevel) {
          const tx = await adapter.startTransaction(isolationLevel);
          return {
            ...tx,
            provider: tx.provider,
            adapterName: tx.adapterName,
            options: tx.options,
            commit: () => tx.commit(),
            rollback: () => tx.rollback(),
            queryRaw: record((q) => tx.queryRaw(q)),
            executeRaw: record((q) => tx.executeRaw(q)),
          };
        },
      };
    },
  };
}

/** Installs the recording client; returns the live list of statements it records. */
export function installRecordingDb(): string[] {
  const statements: string[] = [];
  const url = process.env.DATABASE_URL!;
  (globalThis as unknown as { __portalDb?: Db }).__portalDb = createDbClient(url, recording(createAdapter(url), statements));
  return statements;
}

/** What a recorded statement does, and to which table: "read User", "write Event", "commit". */
export function statementKind(sql: string): string {
  const write = /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:[`"]?\w+[`"]?\.)?[`"]?(\w+)/i.exec(sql);
  if (write) return `write ${write[1]}`;
  const read = /^\s*SELECT\b[\s\S]*?\bFROM\s+(?:[`"]?\w+[`"]?\.)?[`"]?(\w+)/i.exec(sql);
  if (read) return `read ${read[1]}`;
  return sql.trim().split(/\s+/)[0]!.toLowerCase();
}
