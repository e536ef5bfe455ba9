// A full picture of the database: for every table, its row count and a sha256 of each row
// (keyed by id, else by its content), so a test can say exactly which rows a request added,
// removed or changed. Works on SQLite and PostgreSQL.
import { createHash } from "node:crypto";

import { db } from "~/modules/db/db.server";

import { onPostgres } from "../../setup/test-database";

/** Expected writes that are not state changes: the limiter's counters and a session's lastSeenAt. */
export const ALWAYS_EXCLUDED = ["RateLimiterFlexible", "Session", "_prisma_migrations"];

export type Snapshot = Record<string, Map<string, string>>;
export type SnapshotOptions = {
  /** Columns left out of a table's row hash (documented writes such as a link's open counters). */
  ignoreColumns?: Record<string, string[]>;
  /** Rows left out entirely (documented rows such as the link.opened event). */
  ignoreRow?: Record<string, (row: Record<string, unknown>) => boolean>;
};

let tables: string[] | undefined;

async function tableNames(): Promise<string[]> {
  const sql = onPostgres
    ? `SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`
    : `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`;
  tables ??= (await db.$queryRawUnsafe<{ name: string }[]>(sql)).map((t) => t.name).filter((n) => !ALWAYS_EXCLUDED.includes(n));
  return tables;
}

function stable(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return createHash("sha256").update(value).digest("hex");
  if (value instanceof Date) return value.toISOString();
  return value;
}

export async function snapshot(opts: SnapshotOptions = {}): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const table of await tableNames()) {
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}"`);
    const ignored = opts.ignoreColumns?.[table] ?? [];
    const map = new Map<string, string>();
    for (const row of rows) {
      if (opts.ignoreRow?.[table]?.(row)) continue;
      const entries = Object.entries(row)
        .filter(([k]) => !ignored.includes(k))
        .map(([k, v]) => [k, stable(v)]);
      const hash = createHash("sha256").update(JSON.stringify(entries)).digest("hex");
      // Tables without an id (join rows, logos keyed by agency) are keyed by their first column
      // and content: a changed row then shows as one removed and one added.
      const key = row.id !== undefined ? String(row.id) : `${String(Object.values(row)[0])}#${hash.slice(0, 12)}`;
      map.set(key, hash);
    }
    out[table] = map;
  }
  return out;
}

/** "Table: +id / -id / ~id" for every difference; empty when the two are the same. */
export function diff(before: Snapshot, after: Snapshot): string[] {
  const changes: string[] = [];
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[table] ?? new Map<string, string>();
    const b = after[table] ?? new Map<string, string>();
    for (const [id, hash] of b)
      if (!a.has(id)) changes.push(`${table}: +${id}`);
      else if (a.get(id) !== hash) changes.push(`${table}: ~${id}`);
    for (const id of a.keys()) if (!b.has(id)) changes.push(`${table}: -${id}`);
  }
  return changes;
}
