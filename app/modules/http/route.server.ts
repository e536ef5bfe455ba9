import { AppError } from "./errors";

/**
 * Runs a loader or action body so a domain AppError becomes an HTTP response with its status and
 * message (shown by the ErrorBoundary); any other error stays a 500 with nothing leaked.
 * Routes call it inside `export async function loader(args) { return handled(args, ...) }`:
 * a function declaration, which the compiler strips from the browser bundle (a top-level
 * `export const loader = handled(...)` call would stay in it).
 */
export async function handled<A, R>(args: A, fn: (args: A) => Promise<R>): Promise<R> {
  try {
    return await fn(args);
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: error.status, statusText: error.message });
    throw error;
  }
}
