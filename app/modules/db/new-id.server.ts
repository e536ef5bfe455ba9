import { monotonicFactory } from "ulid";

const next = monotonicFactory();

/**
 * The id of a row the app inserts many at a time (createMany returns no ids, and the next
 * statement needs them): a ULID in lowercase, so it matches RECORD_ID. Monotonic, so the rows of
 * one batch, which share one createdAt, keep the order they were made in when sorted by id
 * (docs/decisions/056). Not a secret: no id is a credential here.
 */
export function newRecordId(): string {
  return next().toLowerCase();
}
