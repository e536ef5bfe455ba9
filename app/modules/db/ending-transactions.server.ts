import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

const ENDS_TRANSACTION = /^\s*(COMMIT|ROLLBACK)\s*;?\s*$/i;
const ROLLBACK: SqlQuery = { sql: "ROLLBACK", args: [], argTypes: [] };

/**
 * Prisma 6.19 ends an interactive transaction by sending COMMIT (or ROLLBACK) as a statement and
 * only then calling the adapter's `commit()` (`rollback()`), which frees what the adapter holds
 * for it: a pooled connection (PostgreSQL) or its lock (SQLite). When that statement fails (a full
 * disk, a read-only file, a lost connection), Prisma never makes the call, and every later query
 * waits for what is never freed: the server hangs until restarted. Here a failing COMMIT or
 * ROLLBACK ends the transaction on the adapter all the same, and the error goes on to Prisma.
 */
export function endingTransactions(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => withEndingTransactions(await factory.connect()),
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}

function withEndingTransactions(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: (script) => adapter.executeScript(script),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
    startTransaction: async (isolationLevel) => ending(await adapter.startTransaction(isolationLevel)),
  };
}

function ending(tx: Transaction): Transaction {
  let ended = false;
  // Once only: the adapters free a semaphore or a connection, which a second call would corrupt.
  const end = async (finish: () => Promise<void>) => {
    if (ended) return;
    ended = true;
    await finish();
  };
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (query) => tx.queryRaw(query),
    async executeRaw(query) {
      if (!ENDS_TRANSACTION.test(query.sql)) return tx.executeRaw(query);
      try {
        return await tx.executeRaw(query);
      } catch (error) {
        // SQLite keeps a transaction open after some failed COMMITs: end it before freeing the
        // connection, or the next statement would run inside it. Either may fail in turn (the
        // connection is gone): the transaction is over for Prisma whatever they answer.
        await end(async () => {
          await tx.executeRaw(ROLLBACK).catch(() => undefined);
          await tx.rollback().catch(() => undefined);
        });
        throw error;
      }
    },
    commit: () => end(() => tx.commit()),
    rollback: () => end(() => tx.rollback()),
  };
}
