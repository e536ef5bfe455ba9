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
    /** Set by the link page's loader when entry.server may keep the drawn page (docs/decisions/025). */
    keepLinkPage?: { linkId: string; stamp: string; token: string };
    /** A link page POST's body when server/grant-posts.ts has read it (the route parses it with formOf). */
    requestBody?: Buffer;
    /** Its grant, when server/grant-posts.ts tried it and handed it on: the result or the error. */
    grantAttempt?: { result: import("~/modules/links/link-page.server").ClientActionResult } | { error: unknown };
  }
}
