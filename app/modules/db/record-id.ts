import { z } from "zod";

/** A row's id as the database makes them (cuid: lowercase letters and digits); anything else names no row. */
export const RECORD_ID = /^[a-z0-9]{8,40}$/;

/** A record id in a query or a path, with the message the caller shows. */
export const recordId = (message: string) => z.string().regex(RECORD_ID, message);

/**
 * Ids (or rows) in slices one query can take in an `IN (...)`: SQLite binds at most 999
 * parameters, and a CSV upload names thousands.
 */
export function idSlices<T>(items: T[], size = 500): T[][] {
  const slices: T[][] = [];
  for (let i = 0; i < items.length; i += size) slices.push(items.slice(i, i + size));
  return slices;
}
