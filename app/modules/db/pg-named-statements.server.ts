// PostgreSQL plans an unnamed statement anew on every call. For the kept link page's five-table
// read that is 0.4 ms of the server's CPU per call against 0.1 ms once prepared (measured on the
// bench's cluster, docs/decisions/028). The direct statements (direct-sql.server.ts) are a few
// fixed texts sent on every request, so each is prepared once per pooled connection under a name
// made from its text. Prisma's own statements stay unnamed: their texts vary without bound.
// Behind PgBouncer in transaction mode (`?pgbouncer=true`) nothing is named.
import { createHash } from "node:crypto";
import pg from "pg";

/**
 * Whether `url` says a pooler in transaction mode stands between us and PostgreSQL (Prisma's own
 * `pgbouncer=true`): there a named statement prepared in one transaction is unknown in the next,
 * so nothing is named.
 */
export function behindPgBouncer(url: string): boolean {
  try {
    return new URL(url).searchParams.get("pgbouncer") === "true";
  } catch {
    return false;
  }
}

/** Texts to send as named statements, and their names. */
const names = new Map<string, string>();

/** A bound on the names, so a caller building texts from data could not grow every connection's cache. */
const MAX_NAMED = 256;

/** Marks `text` to be prepared once per connection from now on (past the bound, it stays unnamed). */
export function prepareOnEachConnection(text: string): void {
  if (names.has(text) || names.size >= MAX_NAMED) return;
  // From the text itself: the same text gets the same name on every connection and instance.
  names.set(text, `portal_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`);
}

type QueryConfig = { text?: unknown; name?: unknown; submit?: unknown };

/**
 * A pool whose connections send marked texts as named statements. The driver adapter queries
 * the pool, and its transactions query a pooled connection: both go through the connection's
 * `query`, which is where the name is added.
 */
export function poolWithNamedStatements(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (first: unknown, ...rest: unknown[]) => {
      const config = first as QueryConfig | null;
      // Plain config objects only: a Query or a cursor (its own `submit`) is passed on as it is.
      if (config && typeof config === "object" && typeof config.text === "string" && config.name === undefined && typeof config.submit !== "function") {
        const name = names.get(config.text);
        if (name) return query({ ...config, name }, ...rest);
      }
      return query(first, ...rest);
    };
  });
  return pool;
}
