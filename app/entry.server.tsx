import { PassThrough } from "node:stream";

import type { AppLoadContext, EntryContext, HandleDataRequestFunction, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";

import { NonceProvider } from "./components/nonce";
import { errorResponse, RETRY_AFTER_SECONDS } from "./modules/http/route.server";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // A loader or action outside handled() threw: Remix renders it anew from this response.
  const unhandled = takeErrorResponse(loadContext, remixContext);
  if (unhandled) throw unhandled;
  errorPageHeaders(remixContext, responseStatusCode, responseHeaders);
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : "";
  // Bots and no-JS clients get the whole document at once; browsers stream from the shell.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          // A component threw: logged with a reference, and Remix renders the boundary with it.
          reject(errorResponse(error, { request, context: loadContext }));
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // After the shell the status is sent: the log line (and its reference) is all there is.
          if (shellRendered) errorResponse(error, { request, context: loadContext });
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * Errors that escaped `handled()` (loaders that do not use it, Remix's own failures): logged once
 * with a reference and the stack; the response made for it is shown by `handleRequest` (documents)
 * or `handleDataRequest` (client navigations) instead of Remix's bare "Unexpected Server Error".
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  // Remix's own 404/405 and thrown Responses are answers, not failures; nobody waits for an aborted request.
  if (request.signal.aborted || isRouteErrorResponse(error) || error instanceof Response) return;
  const response = errorResponse(error, { request, context });
  if (context.requestLog) context.requestLog.errorResponse = response;
};

export const handleDataRequest: HandleDataRequestFunction = (response, { context }) => {
  const unhandled = context.requestLog?.errorResponse;
  if (!unhandled || !response.headers.has("X-Remix-Error")) return response;
  context.requestLog!.errorResponse = undefined;
  // "Catch" makes the browser's router hand the body to the ErrorBoundary as route error data.
  const headers = new Headers(unhandled.headers);
  headers.set("X-Remix-Catch", "yes");
  return new Response(unhandled.body, { status: unhandled.status, headers });
};

function takeErrorResponse(loadContext: AppLoadContext, remixContext: EntryContext): Response | undefined {
  const response = loadContext.requestLog?.errorResponse;
  const errors = Object.values(remixContext.staticHandlerContext.errors ?? {});
  if (!response || !errors.some((e) => !isRouteErrorResponse(e))) return undefined;
  loadContext.requestLog!.errorResponse = undefined;
  return response;
}

/** Remix keeps only the cookies of a thrown Response on a document: a 503 or 429 page keeps its Retry-After too. */
function errorPageHeaders(remixContext: EntryContext, status: number, headers: Headers) {
  if ((status !== 503 && status !== 429) || headers.has("Retry-After")) return;
  const { actionHeaders, loaderHeaders } = remixContext.staticHandlerContext;
  const thrown = [...Object.values(actionHeaders ?? {}), ...Object.values(loaderHeaders ?? {})];
  const value = thrown.map((h) => h.get("Retry-After")).find(Boolean);
  if (value) headers.set("Retry-After", value);
  else if (status === 503) headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
}
