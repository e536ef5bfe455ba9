// The bounds of a CSV upload of links (docs/decisions/054), one definition each: the app checks
// the file against them, and server/body-limit.ts bounds the request's body before it is read.

export const BULK_MAX_ROWS = 5_000;
export const BULK_MAX_BYTES = 2 * 1024 * 1024;

/** The route the upload and its "create" post to (a pattern of `routePatterns`). */
export const BULK_UPLOAD_ROUTE = "/a/:agency/links/bulk";

/**
 * The largest body the route accepts: the file (the preview) or its text posted back (the create,
 * multipart so the text is not encoded again), plus room for boundaries and the few small fields.
 */
export const BULK_UPLOAD_MAX_BYTES = BULK_MAX_BYTES + 64 * 1024;
