// The states of a CSV upload's create (docs/decisions/057). CREATING is stored while the
// transaction runs; CREATED is set inside it (so it commits with the links), FAILED after a
// rollback. A create still CREATING long after its transaction's timeout died with its process:
// the database rolled it back, so nothing was created.

export const BULK_UPLOAD_STATUSES = ["CREATING", "CREATED", "FAILED"] as const;
export type BulkUploadStatus = (typeof BULK_UPLOAD_STATUSES)[number];

/** Long enough for 5,000 rows on a slow machine (about 7 s measured here, decision 056), with room to spare. */
export const BULK_TRANSACTION_TIMEOUT_MS = 600_000;

export type BulkUploadState = BulkUploadStatus | "INTERRUPTED";

/** A create started before this moment and still CREATING died with its process. */
export function interruptedBefore(now: Date): Date {
  return new Date(now.getTime() - BULK_TRANSACTION_TIMEOUT_MS - 60_000);
}

export function bulkUploadState(upload: { status: string; createdAt: Date | string }, now: Date): BulkUploadState {
  if (upload.status === "CREATED" || upload.status === "FAILED") return upload.status;
  return new Date(upload.createdAt) < interruptedBefore(now) ? "INTERRUPTED" : "CREATING";
}
