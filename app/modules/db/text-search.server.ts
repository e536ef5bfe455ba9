import { databaseProvider, resolveDatabaseUrl } from "./database-url";

/**
 * "contains `q`", ignoring case on either database, as a user typing "acme" expects to find
 * "Acme Shoes". SQLite's LIKE already ignores ASCII case; PostgreSQL's is exact unless asked
 * (ILIKE). The SQLite client's types have no `mode`, hence the cast.
 */
export function containsText(q: string): { contains: string } {
  if (databaseProvider(resolveDatabaseUrl(process.env)) === "postgresql") {
    return { contains: q, mode: "insensitive" } as { contains: string };
  }
  return { contains: q };
}
