import { pipeline, Readable } from "node:stream";

import { createReadableStreamFromReadable } from "@remix-run/node";
import { stringify } from "csv-stringify";

import { logger } from "~/modules/http/logger.server";

import { AUDIT_CSV_OPTIONS } from "./csv";

/**
 * A CSV download, streamed: records flow from the database pages through csv-stringify (the
 * audit export's options: every cell quoted, CRLF) into a web ReadableStream. Each stage pulls
 * only when the next one has room, so a slow reader stops the database reads instead of filling
 * memory; cancelling the body ends the reads. `what` names the export in the log ("audit").
 */
export function csvDownloadStream(
  records: AsyncIterable<string[]>,
  columns: readonly string[],
  what: string,
  agencyId: string,
): ReadableStream<Uint8Array> {
  const csv = stringify({ ...AUDIT_CSV_OPTIONS, columns: [...columns] });
  pipeline(Readable.from(records), csv, (error) => {
    // A reader that goes away mid-download is not a failure worth a log line.
    if (error && (error as NodeJS.ErrnoException).code !== "ERR_STREAM_PREMATURE_CLOSE") {
      logger.error({ event: `${what}.csv.failed`, agencyId, message: error.message }, `${what} CSV export failed`);
    }
  });
  return createReadableStreamFromReadable(csv);
}
