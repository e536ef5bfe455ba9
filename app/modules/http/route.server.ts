import { AppError } from "./errors";

/**
 * Wraps a loader or action so a domain AppError becomes an HTTP response with its status and
 * message (shown by the ErrorBoundary); any other error stays a 500 with nothing leaked.
 */
export function handled<A, R>(fn: (args: A) => Promise<R>): (args: A) => Promise<R> {
  return async (args) => {
    try {
      return await fn(args);
    } catch (error) {
      if (error instanceof AppError) throw new Response(error.message, { status: error.status, statusText: error.message });
      throw error;
    }
  };
}
