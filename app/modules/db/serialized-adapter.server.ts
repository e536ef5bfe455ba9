import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

/** A first-come, first-served lock. */
class Lock {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const turn = this.tail.then(() => release);
    this.tail = this.tail.then(() => released);
    return turn;
  }
}

/**
 * The better-sqlite3 adapter has one connection and queues only transactions behind each other:
 * a standalone query issued while another request's transaction is open runs *inside* it, sees
 * its uncommitted rows, and is lost if that transaction rolls back (a logout undone by someone
 * else's failed revoke). Here standalone writes and whole transactions take turns on one lock.
 * Standalone reads go to a second connection instead: in WAL mode it reads the last commit while
 * a transaction writes, so pages that only read do not wait behind a long write (a CSV upload's
 * create, decision 057). Inside `$transaction`, always use the `tx` client: `db` would wait for
 * the lock it holds, or read around it.
 */
export function serializeSqliteAdapter(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => serialize(await factory.connect(), () => factory.connect()),
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}

/** A statement that only reads: SQLite runs a SELECT without writing anything. */
export const isPlainRead = (sql: string): boolean => /^\s*SELECT\b/i.test(sql);

function serialize(adapter: SqlDriverAdapter, connectReader: () => Promise<SqlDriverAdapter>): SqlDriverAdapter {
  // null: reads take turns with writes (a file not in WAL mode, where a reader could block).
  let reader: Promise<SqlDriverAdapter | null> | null = null;
  const openReader = async () => {
    const connection = await connectReader();
    const mode = await connection.queryRaw({ sql: "PRAGMA journal_mode", args: [], argTypes: [] });
    if (String(mode.rows[0]?.[0]).toLowerCase() === "wal") return connection;
    await connection.dispose();
    return null;
  };
  const read = async (query: SqlQuery) => {
    // A failed open is tried again at the next read, not kept.
    const connection = await (reader ??= openReader().catch((error: unknown) => {
      reader = null;
      throw error;
    }));
    return connection ? connection.queryRaw(query) : locked(() => adapter.queryRaw(query));
  };
  const lock = new Lock();
  async function locked<T>(run: () => Promise<T>): Promise<T> {
    const release = await lock.acquire();
    try {
      return await run();
    } finally {
      release();
    }
  }
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query: SqlQuery) => (isPlainRead(query.sql) ? read(query) : locked(() => adapter.queryRaw(query))),
    executeRaw: (query: SqlQuery) => locked(() => adapter.executeRaw(query)),
    executeScript: (script: string) => locked(() => adapter.executeScript(script)),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: async () => {
      try {
        await adapter.dispose();
      } finally {
        const connection = await reader?.catch(() => null);
        await connection?.dispose();
      }
    },
    async startTransaction(isolationLevel) {
      const release = await lock.acquire();
      let tx: Transaction;
      try {
        tx = await adapter.startTransaction(isolationLevel);
        // The adapter begins DEFERRED: a transaction that reads first and writes later fails at
        // once (SQLITE_BUSY, no waiting) when another process (a worker, the seed script, a
        // second server) committed in between. Taking the write lock first, as BEGIN IMMEDIATE
        // would, makes it wait its turn under busy_timeout instead. A write that matches no row
        // takes the lock and changes nothing.
        try {
          await tx.executeRaw({ sql: 'DELETE FROM "_prisma_migrations" WHERE 0', args: [], argTypes: [] });
        } catch (error) {
          // The client sends ROLLBACK itself; here no client transaction exists yet to do it.
          await tx.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] }).catch(() => undefined);
          await tx.rollback();
          throw error;
        }
      } catch (error) {
        release();
        throw error;
      }
      let open = true;
      const end = async (finish: () => Promise<void>) => {
        try {
          await finish();
        } finally {
          if (open) {
            open = false;
            release();
          }
        }
      };
      return {
        provider: tx.provider,
        adapterName: tx.adapterName,
        options: tx.options,
        queryRaw: (query: SqlQuery) => tx.queryRaw(query),
        executeRaw: (query: SqlQuery) => tx.executeRaw(query),
        commit: () => end(() => tx.commit()),
        rollback: () => end(() => tx.rollback()),
      };
    },
  };
}
