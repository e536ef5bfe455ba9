import { randomBytes } from "node:crypto";

import type { AppLoadContext } from "@remix-run/node";
import { json } from "@remix-run/node";

import { databaseUnavailableReason, isUnstorableInput } from "./db-errors.server";
import { AppError, type ErrorBody, SERVICE_BUSY_MESSAGE } from "./errors";
import { logger, scrubPath } from "./logger.server";

/** Seconds a client is told to wait when the database is unavailable (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 5;

// Crockford's base32: no I, L, O or U to misread when a user reads the reference out.
const REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A short id (8 characters, 40 bits) that ties an error page to its server log line. */
export function newReference(): string {
  return [...randomBytes(8)].map((byte) => REFERENCE_ALPHABET[byte & 31]).join("");
}

export type RequestArgs = { request: Request; context?: AppLoadContext };

/** A request body that is no form at all (wrong content type, broken multipart): the client's error. */
function isUnreadableForm(error: unknown): boolean {
  return error instanceof TypeError && /^(Failed to parse body as FormData|Content-Type was not one of)/.test(error.message);
}

/**
 * The response for an error thrown while handling `request`: an AppError's status and message;
 * 400 for a body that is not a form, or that the client stopped sending (logged at debug only);
 * 503 with `Retry-After` when the database is unavailable; otherwise 500. The last two get a
 * reference, logged here (with the stack for a 500) and recorded in the request's log line; the
 * body says only what the user may read.
 */
export function errorResponse(error: unknown, { request, context }: RequestArgs): Response {
  if (error instanceof Response) return error;
  if (error instanceof AppError) return new Response(error.message, { status: error.status, headers: error.headers });
  // The client went away (a tab closed mid-upload) and its body stream failed with it: nothing
  // failed here and nobody reads the answer. The request line already says `aborted: true`.
  if (request.signal.aborted) {
    logger.debug({ method: request.method, path: scrubPath(new URL(request.url).pathname) }, "client went away");
    return new Response("The request was cut off before it arrived in full.", { status: 400 });
  }
  if (isUnreadableForm(error)) return new Response("The form could not be read. Please submit it again.", { status: 400 });
  if (isUnstorableInput(error))
    return new Response("The request holds a character that cannot be stored (a NUL character). Remove it and try again.", { status: 400 });

  const reference = newReference();
  if (context?.requestLog) context.requestLog.reference = reference;
  const where = { reference, method: request.method, path: scrubPath(new URL(request.url).pathname) };
  const unavailable = databaseUnavailableReason(error);
  if (unavailable) {
    logger.warn({ ...where, database: unavailable, err: error }, "database unavailable");
    return json<ErrorBody>(
      { message: SERVICE_BUSY_MESSAGE, reference },
      { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } },
    );
  }
  logger.error({ ...where, err: error }, "unexpected error");
  return json<ErrorBody>({ message: "Something went wrong on our side.", reference }, { status: 500 });
}

/**
 * Runs a loader or action body so that whatever it throws becomes a response the ErrorBoundary
 * can show (see `errorResponse`): nothing of the error itself reaches the browser.
 * Routes call it inside `export async function loader(args) { return handled(args, ...) }`:
 * a function declaration, which the compiler strips from the browser bundle (a top-level
 * `export const loader = handled(...)` call would stay in it).
 */
export async function handled<A extends RequestArgs, R>(args: A, fn: (args: A) => Promise<R>): Promise<R> {
  try {
    return await fn(args);
  } catch (error) {
    throw errorResponse(error, args);
  }
}
