// Statements sent straight to the driver adapter the Prisma client itself uses: the same
// connection or pool and, on SQLite, the same turn-taking lock, but no query compiler. Prisma
// 6.19 compiles every model query on every call (0.35–1.5 ms of CPU); a statement here costs
// tens of microseconds. For the hot paths the bench measures only (docs/decisions/025): all
// other code uses Prisma's models.
import type {
  ArgScalarType, SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, SqlQueryable,
} from "@prisma/driver-adapter-utils";

import { randomBytes } from "node:crypto";

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
   * when it throws. On SQLite it waits its turn on the client's lock, as `$transaction` does.
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
      connect: async () => (connection.current = await factory.connect()),
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
  const dialect = (sql: string) => {
    if (provider !== "postgres") return sql;
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  const statement = (sql: string, args: DirectArg[]): SqlQuery => ({
    sql: dialect(sql),
    args,
    argTypes: args.map((arg) => ({ scalarType: scalarType(arg), arity: "scalar" as const })),
  });
  const on = (queryable: SqlQueryable): DirectStatements => ({
    async query(sql, args = []) {
      const result = await queryable.queryRaw(statement(sql, args));
      return result.rows.map((row) => Object.fromEntries(result.columnNames.map((name, i) => [name, row[i]])));
    },
    execute: (sql, args = []) => queryable.executeRaw(statement(sql, args)),
    insert(table, rows) {
      if (rows.length === 0) return Promise.resolve(0);
      const columns = Object.keys(rows[0]!);
      const values = rows.map(() => `(${columns.map(() => "?").join(", ")})`).join(", ");
      const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${values}`;
      return queryable.executeRaw(statement(sql, rows.flatMap((row) => columns.map((c) => row[c] ?? null))));
    },
  });
  // Each call asks for the adapter: Prisma may have reconnected (a new adapter) since.
  const current: SqlQueryable = {
    queryRaw: async (query) => (await adapter()).queryRaw(query),
    executeRaw: async (query) => (await adapter()).executeRaw(query),
  } as SqlQueryable;
  return {
    ...on(current),
    async transaction(run) {
      const tx = await (await adapter()).startTransaction();
      let committed = false;
      try {
        const result = await run(on(tx));
        // As Prisma's own transaction manager does: the statement, then the adapter's release.
        await tx.executeRaw(statement("COMMIT", []));
        committed = true;
        await tx.commit();
        return result;
      } catch (error) {
        if (!committed) {
          await tx.executeRaw(statement("ROLLBACK", [])).catch(() => undefined);
          await tx.rollback();
        }
        throw error;
      }
    },
  };
}

function scalarType(arg: DirectArg): ArgScalarType {
  if (arg instanceof Date) return "datetime";
  if (typeof arg === "boolean") return "boolean";
  if (typeof arg === "number") return Number.isInteger(arg) ? "int" : "float";
  return arg === null ? "unknown" : "string";
}
