/** The one error type of the app: an HTTP status and a message fit to show the user. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what = "Page") => new AppError(404, `${what} not found.`);
export const forbidden = (message = "You do not have permission to do that.") =>
  new AppError(403, message);
