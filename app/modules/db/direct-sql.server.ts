// Statements sent straight to the driver adapter the Prisma client itself uses: the same
// connection or pool and, on SQLite, the same turn-taking lock, but no query compiler. Prisma
// 6.19 compiles every model query on every call (0.35–1.5 ms of CPU); a statement here costs
// tens of microseconds. For the hot paths the bench measures only (docs/decisions/025, 026):
// all other code uses Prisma's models. Table and column names are the code's own, never input.
import { randomBytes } from "node:crypto";
import type {
  ArgScalarType, SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, SqlQueryable,
} from "@prisma/driver-adapter-utils";
import type Database from "better-sqlite3";
import { prepareOnEachConnection } from "./pg-named-statements.server";
import { SQLITE_CONNECTION, type SqliteConnection } from "./serialized-adapter.server";

export type DirectArg = string | number | boolean | Date | null;
export type DirectRow = Record<string, unknown>;

export type DirectStatements = {
  /** Rows as objects by column name. Dates come back as the driver gives them (parse with `new Date`). */
  query(sql: string, args?: DirectArg[]): Promise<DirectRow[]>;
  /** The number of rows changed. */
  execute(sql: string, args?: DirectArg[]): Promise<number>;
  /**
   * One INSERT of `rows` (all with the same columns) into `table`. Nothing is filled in: ids,
   * createdAt and updatedAt, which Prisma's client would make, are the caller's (`newId`).
   */
  insert(table: string, rows: Record<string, DirectArg>[]): Promise<number>;
};

export type DirectSql = DirectStatements & {
  /**
   * `run` inside one transaction on one connection: committed when it resolves, rolled back
   * when it throws. On SQLite it waits its turn on the client's lock, as `$transaction` does:
   * inside, use `tx` only (anything else would wait for the lock the transaction holds).
   * On SQLite, transactions that wait at the same time share one commit, each in a savepoint:
   * a member sees what the members before it wrote, and none is reported before the commit.
   * So `run` must never wait for another `transaction` call's result: it would wait for itself.
   */
  transaction<T>(run: (tx: DirectStatements) => Promise<T>): Promise<T>;
};

/**
 * A new row id like Prisma's `cuid()`: lowercase letters and digits, starting with "c", ordered
 * by time (milliseconds, then random), so rows written here sort among Prisma's by id as well.
 */
export function newId(now = Date.now()): string {
  return `c${now.toString(36).padStart(9, "0")}${randomBytes(10).toString("hex").slice(0, 15)}`;
}

type Connection = { current?: SqlDriverAdapter };

/**
 * Wraps an adapter factory so that the connected adapter can be reached later. Prisma connects
 * (and reconnects after `$disconnect`) through the factory; the last adapter it made is kept.
 */
export function reachableAdapter(factory: SqlMigrationAwareDriverAdapterFactory): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  connection: Connection;
} {
  const connection: Connection = {};
  return {
    connection,
    factory: {
      provider: factory.provider,
      adapterName: factory.adapterName,
      async connect() {
        const adapter = await factory.connect();
        connection.current = adapter;
        // After `$disconnect` the next statement makes Prisma connect again.
        const dispose = adapter.dispose.bind(adapter);
        adapter.dispose = async () => {
          if (connection.current === adapter) connection.current = undefined;
          await dispose();
        };
        return adapter;
      },
      connectToShadowDb: () => factory.connectToShadowDb(),
    },
  };
}

/**
 * Statements for one client. `connect` is the client's own `$connect` (called when Prisma has
 * not connected yet). SQL is written with `?` placeholders, numbered for PostgreSQL here.
 */
export function directSql(provider: "sqlite" | "postgres", connection: Connection, connect: () => Promise<void>): DirectSql {
  const adapter = async () => {
    if (!connection.current) await connect();
    if (!connection.current) throw new Error("the database client did not connect");
    return connection.current;
  };
  // Texts are the code's own and few: each is numbered once and, on PostgreSQL, prepared once
  // per pooled connection (pg-named-statements.server.ts).
  const texts = new Map<string, string>();
  const dialect = (sql: string) => {
    if (provider !== "postgres") return sql;
    let text = texts.get(sql);
    if (text === undefined) {
      let n = 0;
      text = sql.replace(/\?/g, () => `$${++n}`);
      if (texts.size < 1000) texts.set(sql, text);
      prepareOnEachConnection(text);
    }
    return text;
  };
  const statement = (sql: string, args: DirectArg[]): SqlQuery => ({
    sql: dialect(sql),
    args,
    argTypes: args.map((arg) => ({ scalarType: scalarType(arg), arity: "scalar" as const })),
  });
  const control = (sql: "COMMIT" | "ROLLBACK"): SqlQuery => ({ sql, args: [], argTypes: [] });
  const on = (queryable: SqlQueryable): DirectStatements => ({
    async query(sql, args = []) {
      const result = await queryable.queryRaw(statement(sql, args));
      return result.rows.map((row) => Object.fromEntries(result.columnNames.map((name, i) => [name, row[i]])));
    },
    execute: (sql, args = []) => queryable.executeRaw(statement(sql, args)),
    insert(table, rows) {
      if (rows.length === 0) return Promise.resolve(0);
      const { text, args } = insertStatement(table, rows);
      return queryable.executeRaw(statement(text, args));
    },
  });
  const sqlite = async () => ((await adapter()) as { [SQLITE_CONNECTION]?: SqliteConnection })[SQLITE_CONNECTION];
  // Each call asks for the adapter: Prisma may have reconnected (a new adapter) since.
  const current: SqlQueryable = {
    queryRaw: async (query) => (await adapter()).queryRaw(query),
    executeRaw: async (query) => (await adapter()).executeRaw(query),
  } as SqlQueryable;
  const viaAdapter: DirectSql = {
    ...on(current),
    async transaction(run) {
      const tx = await (await adapter()).startTransaction();
      let committed = false;
      try {
        const result = await run(on(tx));
        // As Prisma's own transaction manager does: the statement, then the adapter's release.
        await tx.executeRaw(control("COMMIT"));
        committed = true;
        await tx.commit();
        return result;
      } catch (error) {
        if (!committed) {
          await tx.executeRaw(control("ROLLBACK")).catch(() => undefined);
          await tx.rollback();
        }
        throw error;
      }
    },
  };
  if (provider === "postgres") return viaAdapter;
  // SQLite: straight on the better-sqlite3 connection when the adapter exposes it, with
  // statements prepared once (the adapter prepares each one anew), in the client's turns.
  // Prepared statements belong to their connection: a reconnect starts a new set.
  const cachesByDatabase = new WeakMap<Database.Database, Map<string, Database.Statement>>();
  const cacheOf = (database: Database.Database) => {
    let cache = cachesByDatabase.get(database);
    if (!cache) cachesByDatabase.set(database, (cache = new Map()));
    return cache;
  };
  const pick = async (): Promise<DirectStatements> => {
    const connection = await sqlite();
    return connection ? sqliteDirect(connection, cacheOf(connection.database), true) : viaAdapter;
  };
  return {
    query: async (text, args) => (await pick()).query(text, args),
    execute: async (text, args) => (await pick()).execute(text, args),
    insert: async (table, rows) => (await pick()).insert(table, rows),
    async transaction(run) {
      const connection = await sqlite();
      if (!connection) return viaAdapter.transaction(run);
      return groupCommitted(connection, cacheOf(connection.database), run);
    },
  };
}

/** At most this many transactions share one commit, so that a batch holds the lock a few milliseconds at most. */
const MAX_BATCH = 64;

type Waiting = { run: (tx: DirectStatements) => Promise<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/** The batch still waiting for its turn on each connection, which a new transaction joins. */
const forming = new WeakMap<Database.Database, Waiting[]>();

/**
 * SQLite commits one transaction at a time, and each commit appends every page it touched to the
 * WAL: about 25 pages for a grant, most of them the same index pages as the grant before, and
 * every thousand pages a checkpoint copies them back into the database file. Transactions that
 * arrive while another holds the lock wait for it anyway, so they share one SQLite transaction
 * and one commit, each in its own savepoint (docs/decisions/029): one that throws loses only its
 * own writes. Each caller's promise settles after the shared commit, so nothing is reported
 * written before it is committed, and a failed BEGIN or COMMIT fails every member.
 */
function groupCommitted<T>(connection: SqliteConnection, cache: Map<string, Database.Statement>, run: (tx: DirectStatements) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const member: Waiting = { run, resolve: resolve as (value: unknown) => void, reject };
    const open = forming.get(connection.database);
    if (open && open.length < MAX_BATCH) {
      open.push(member);
      return;
    }
    const batch = [member];
    forming.set(connection.database, batch);
    // Queued once the event loop has read what is ready (setImmediate runs after the poll
    // phase): the other requests that came in together join this batch first.
    setImmediate(() => {
      void connection.locked(async () => {
        // Its turn: later arrivals start the next batch.
        if (forming.get(connection.database) === batch) forming.delete(connection.database);
        await runBatch(connection, cache, batch);
      });
    });
  });
}

async function runBatch(connection: SqliteConnection, cache: Map<string, Database.Statement>, batch: Waiting[]): Promise<void> {
  const { database } = connection;
  const exec = (text: string) => prepared(database, cache, text).run();
  const outcomes: { ok: boolean; value: unknown }[] = [];
  try {
    // IMMEDIATE: the write lock first, as the client's own transactions take it (serialized-adapter.server.ts).
    exec("BEGIN IMMEDIATE");
    for (const member of batch) {
      exec("SAVEPOINT direct_member");
      // Its own handle, closed when its turn ends: a statement it left running must not land
      // in the next member's savepoint.
      const tx = memberStatements(sqliteDirect(connection, cache, false));
      let value: unknown;
      try {
        value = await member.run(tx.statements);
      } catch (error) {
        tx.close();
        // SQLite ends the whole transaction itself on some errors (a full disk, an I/O error):
        // then every member's writes are gone, and every member fails with that error.
        if (!database.inTransaction) throw error;
        exec("ROLLBACK TO direct_member");
        exec("RELEASE direct_member");
        outcomes.push({ ok: false, value: error });
        continue;
      }
      tx.close();
      exec("RELEASE direct_member");
      outcomes.push({ ok: true, value });
    }
    exec("COMMIT");
  } catch (error) {
    try {
      if (database.inTransaction) exec("ROLLBACK");
    } finally {
      for (const member of batch) member.reject(error);
    }
    return;
  }
  batch.forEach((member, i) => (outcomes[i]!.ok ? member.resolve(outcomes[i]!.value) : member.reject(outcomes[i]!.value)));
}

/** A member's statements, refused once `close` is called. */
function memberStatements(inner: DirectStatements) {
  let open = true;
  const check = () => {
    if (!open) throw new Error("a direct transaction's statement ran after the transaction ended");
  };
  const statements: DirectStatements = {
    query: async (text, args) => (check(), inner.query(text, args)),
    execute: async (text, args) => (check(), inner.execute(text, args)),
    insert: async (table, rows) => (check(), inner.insert(table, rows)),
  };
  return { statements, close: () => (open = false) };
}

/** Statements on a better-sqlite3 connection; `lock` false inside a transaction that holds it already. */
function sqliteDirect(connection: SqliteConnection, cache: Map<string, Database.Statement>, lock: boolean): DirectStatements {
  const { database, locked } = connection;
  const turn = <T>(run: () => T): Promise<T> => (lock ? locked(async () => run()) : Promise.resolve().then(run));
  return {
    query: (text, args = []) => turn(() => prepared(database, cache, text).all(...args.map(sqliteArg)) as DirectRow[]),
    execute: (text, args = []) => turn(() => prepared(database, cache, text).run(...args.map(sqliteArg)).changes),
    insert(table, rows) {
      if (rows.length === 0) return Promise.resolve(0);
      const { text, args } = insertStatement(table, rows);
      return turn(() => prepared(database, cache, text).run(...args.map(sqliteArg)).changes);
    },
  };
}

function prepared(database: Database.Database, cache: Map<string, Database.Statement>, text: string): Database.Statement {
  let statement = cache.get(text);
  if (!statement) {
    // Statements differ only by their number of rows: a few hundred at most, kept for the connection's life.
    if (cache.size >= 500) cache.clear();
    // Numbers, as PostgreSQL's path gives them (the adapter turns on 64-bit integers for the connection).
    statement = database.prepare(text).safeIntegers(false);
    cache.set(text, statement);
  }
  return statement;
}

/** As the adapter stores them (its default "iso8601" format), so Prisma reads them back alike. */
function sqliteArg(arg: DirectArg): string | number | null {
  if (arg instanceof Date) return arg.toISOString().replace("Z", "+00:00");
  if (typeof arg === "boolean") return arg ? 1 : 0;
  return arg;
}

function insertStatement(table: string, rows: Record<string, DirectArg>[]): { text: string; args: DirectArg[] } {
  const columns = Object.keys(rows[0]!);
  const values = rows.map(() => `(${columns.map(() => "?").join(", ")})`).join(", ");
  return {
    text: `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${values}`,
    args: rows.flatMap((row) => columns.map((c) => row[c] ?? null)),
  };
}

function scalarType(arg: DirectArg): ArgScalarType {
  if (arg instanceof Date) return "datetime";
  if (typeof arg === "boolean") return "boolean";
  if (typeof arg === "number") return Number.isInteger(arg) ? "int" : "float";
  return arg === null ? "unknown" : "string";
}
