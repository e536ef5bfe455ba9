/** The one error type of the app: an HTTP status and a message fit to show the user. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Sent with the response, e.g. `Retry-After`. */
    readonly headers?: HeadersInit,
  ) {
    super(message);
  }
}

export const notFound = (what = "Page") => new AppError(404, `${what} not found.`);
export const forbidden = (message = "You do not have permission to do that.") => new AppError(403, message);

export const SERVICE_BUSY_MESSAGE = "The service is busy, please try again shortly.";

/**
 * The JSON body of an error response made by `handled()` for an unexpected error (500) or an
 * unavailable database (503): what to tell the user and the reference the server log carries.
 */
export type ErrorBody = { message: string; reference?: string };
