// Statements sent straight to the driver adapter the Prisma client itself uses: the same
// connection or pool and, on SQLite, the same turn-taking lock, but no query compiler. Prisma
// 6.19 compiles every model query on every call (0.35–1.5 ms of CPU); a statement here costs
// tens of microseconds. For the hot paths the bench measures only (docs/decisions/025): all
// other code uses Prisma's models.
import type {
  ArgScalarType, SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery,
} from "@prisma/driver-adapter-utils";

export type DirectArg = string | number | Date | null;
export type DirectRow = Record<string, unknown>;

export type DirectSql = {
  /** Rows as objects by column name. Dates come back as the driver gives them (parse with `new Date`). */
  query(sql: string, args?: DirectArg[]): Promise<DirectRow[]>;
  /** The number of rows changed. */
  execute(sql: string, args?: DirectArg[]): Promise<number>;
};

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
  return {
    async query(sql, args = []) {
      const result = await (await adapter()).queryRaw(statement(sql, args));
      return result.rows.map((row) => Object.fromEntries(result.columnNames.map((name, i) => [name, row[i]])));
    },
    async execute(sql, args = []) {
      return (await adapter()).executeRaw(statement(sql, args));
    },
  };
}

function scalarType(arg: DirectArg): ArgScalarType {
  if (arg instanceof Date) return "datetime";
  if (typeof arg === "number") return Number.isInteger(arg) ? "int" : "float";
  return arg === null ? "unknown" : "string";
}
