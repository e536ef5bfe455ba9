/**
 * Database errors that mean "not now" rather than "wrong": the file is locked by another writer,
 * read-only, missing or on a failing disk; the server is unreachable or out of connections; a
 * transaction could not start in time. A request that meets one answers 503 and the next one
 * simply tries again: nothing here needs a restart (docs/decisions/020).
 */

/** SQLite result codes (also their extended forms, e.g. SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_WRITE). */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|READONLY|CANTOPEN|IOERR|FULL|PROTOCOL)/;

/**
 * Prisma's codes: P1001 cannot reach the server, P1002 reaching it timed out, P1008 operation
 * timed out (the SQLite adapter reports SQLITE_BUSY so), P1017 the server closed the connection,
 * P2024 no pooled connection in time, P2034 write conflict or deadlock (retry).
 */
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2034"]);

/** Driver adapter error kinds (`meta.driverAdapterError.cause.kind`) with the same meaning. */
const ADAPTER_UNAVAILABLE = new Set([
  "DatabaseNotReachable",
  "DatabaseDoesNotExist",
  "ConnectionClosed",
  "TooManyConnections",
  "SocketTimeout",
  "TransactionWriteConflict",
]);

/**
 * PostgreSQL SQLSTATEs: connection exceptions, too many connections, shutting down, read-only,
 * serialization failure or deadlock (retry), a lock not granted within lock_timeout, a database
 * not accepting connections.
 */
const POSTGRES_UNAVAILABLE = /^(08...|53300|57P0[1-4]|25006|40001|40P01|55P03|55000)$/;

const MESSAGE_UNAVAILABLE =
  /database is locked|database table is locked|readonly database|unable to open database file|disk I\/O error|database or disk is full|Unable to start a transaction in the given time|Can't reach database server|Timed out fetching a new connection/i;

type Inspectable = {
  name?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown; code?: unknown } } };
};

/** `error` and its `cause`s, five deep at most (a cycle of causes must not loop). */
function causeChain(error: unknown): Inspectable[] {
  const chain: Inspectable[] = [];
  for (let current = error; chain.length < 5 && current && typeof current === "object"; current = (current as Inspectable).cause) {
    chain.push(current as Inspectable);
  }
  return chain;
}

/**
 * The driver adapter's own error: a known request error carries it in `meta`; a DriverAdapterError
 * thrown as is (PostgreSQL inside interactive transactions and raw queries) carries it as its
 * `cause`, which comes next in the cause chain: an object with a `kind`.
 */
function adapterErrorOf(e: Inspectable): { kind?: unknown; code?: unknown; originalCode?: unknown } | undefined {
  return (
    e.meta?.driverAdapterError?.cause ??
    (typeof e.kind === "string" ? { kind: e.kind, code: e.code, originalCode: e.originalCode } : undefined)
  );
}

/**
 * Why `error` means the database is unavailable (a short code for the log, such as
 * "SQLITE_BUSY" or "P1001"), or null when it is an ordinary error. Follows `cause` chains.
 */
export function databaseUnavailableReason(error: unknown): string | null {
  for (const e of causeChain(error)) {
    const adapter = adapterErrorOf(e);
    const codes = [adapter?.originalCode, adapter?.code, e.code].filter((c): c is string => typeof c === "string");
    const sqlite = codes.find((c) => SQLITE_UNAVAILABLE.test(c));
    if (sqlite) return sqlite;
    if (typeof adapter?.kind === "string" && ADAPTER_UNAVAILABLE.has(adapter.kind)) return adapter.kind;
    if (typeof adapter?.kind === "string" && adapter.kind === "postgres" && codes.some((c) => POSTGRES_UNAVAILABLE.test(c))) {
      return `postgres ${codes.find((c) => POSTGRES_UNAVAILABLE.test(c))}`;
    }
    if (typeof e.code === "string" && PRISMA_UNAVAILABLE.has(e.code)) return e.code;
    // The client could not start at all (file missing, server down at first query).
    if (e.name === "PrismaClientInitializationError") return "PrismaClientInitializationError";
    if (typeof e.message === "string") {
      const match = MESSAGE_UNAVAILABLE.exec(e.message);
      if (match) return match[0];
    }
  }
  return null;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseUnavailableReason(error) !== null;
}

/**
 * True when the database refused a value the client sent, not the query: PostgreSQL cannot store
 * a NUL character in text (SQLSTATE 22021, "invalid byte sequence for encoding UTF8: 0x00") where
 * SQLite can. Such input is the client's error (400), never ours (500). Follows `cause` chains.
 */
export function isUnstorableInput(error: unknown): boolean {
  return causeChain(error).some((e) => {
    const adapter = adapterErrorOf(e);
    return adapter?.kind === "postgres" && (adapter.code === "22021" || adapter.code === "22P05");
  });
}
