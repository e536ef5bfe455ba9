import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string;
    /** The HTTP method: Remix passes loaders a GET even when they run after an action. */
    requestMethod?: string;
    /**
     * One per request, made by server/app.ts: what its request log line reports beyond status
     * and timing. `errorResponse` is set by handleError for entry.server to show (docs/decisions/020).
     */
    requestLog?: { reference?: string; errorResponse?: Response };
  }
}
