import { randomBytes } from "node:crypto";
import path from "node:path";

import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import helmet from "helmet";

import type { Env } from "../app/modules/env/env.server";
import type { ErrorBody } from "../app/modules/http/errors";
import { errorResponse } from "../app/modules/http/route.server";
import { limitRequestBodies } from "./body-limit";
import { linkPages } from "./link-pages";
import { logger } from "./logger";
import { requestLogger, type RequestLogRecord, routePatterns } from "./request-log";

/** The Mailbox's HTML view, as `routePatterns` names it. */
const MAILBOX_HTML_ROUTE = "/a/:agency/mailbox/:messageId/html";

export function createApp(env: Env, build: ServerBuild) {
  const app = express();
  app.disable("x-powered-by");
  // A hop count, never `true`: with `true` Express takes the leftmost X-Forwarded-For address,
  // which the client chooses (and with it a fresh per-IP rate limit on every request).
  if (env.TRUST_PROXY > 0) app.set("trust proxy", env.TRUST_PROXY);
  const publicOrigin = new URL(env.PUBLIC_URL).origin;
  const https = publicOrigin.startsWith("https:");

  // An answer sent before the request's body was read in full (an upload refused as too large)
  // closes the connection: a client that stops sending the rest and reuses the socket would
  // otherwise have its next request read as the rest of that body, and wait for nothing.
  app.use((req, res, next) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: express.Response, ...args: unknown[]) {
      if (!req.complete && hasBody(req) && !res.headersSent) res.setHeader("Connection", "close");
      return (writeHead as (...a: unknown[]) => express.Response).apply(this, args);
    } as typeof res.writeHead;
    next();
  });

  // One line per request with the route's pattern, never the URL: link URLs hold tokens.
  const routeOf = routePatterns(build.routes);
  app.use(requestLogger(logger, routeOf));
  app.use((req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    // The client IP the app sees comes from the socket unless a proxy is trusted.
    req.headers["x-portal-client-ip"] = (env.TRUST_PROXY > 0 ? req.ip : req.socket.remoteAddress) ?? "";
    next();
  });

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
          // Inline style attributes carry the agency's accent colour; scripts stay nonce-only.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:"],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: https ? { maxAge: 31536000, includeSubDomains: true } : false,
      referrerPolicy: { policy: "same-origin" },
      crossOriginEmbedderPolicy: false,
    }),
  );

  // The Mailbox's HTML view is framed by the message page and sends its own, stricter policy
  // (frame-ancestors 'self', docs/decisions/041): the pages' one would forbid the frame.
  app.use((req, res, next) => {
    if (req.path.endsWith("/html") && routeOf(req.path) === MAILBOX_HTML_ROUTE) res.removeHeader("Content-Security-Policy");
    next();
  });

  // Agency logos also appear in emails, which webmail may load from our origin directly.
  app.use("/brand", (_req, res, next) => {
    res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
    next();
  });

  app.use(linkPages(build, env.LINK_SIGNING_KEYS, publicOrigin, routeOf));

  // The REST API authenticates by its bearer key alone (docs/decisions/049): no cookie reaches
  // it, so a cross-site page has no credential to act with, and the Origin check has nothing to
  // guard there. A call without a key goes on to the API's own 401 problem document, which is
  // what an API client can read (the Origin check's answer is plain text).
  app.use("/api/", (req, _res, next) => {
    delete req.headers.cookie;
    delete req.headers.origin;
    next();
  });

  // Every state change is a same-origin POST: refuse anything else before it reaches the app.
  app.use((req, res, next) => {
    if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
    if (req.path.startsWith("/api/")) return next();
    const origin = req.get("origin");
    // Link pages send no Referer (Referrer-Policy: no-referrer), so a browser posts their
    // forms without JavaScript with "Origin: null"; Sec-Fetch-Site, which no page can forge,
    // still says whether the form was our own.
    const sameOrigin =
      origin && origin !== "null"
        ? origin === publicOrigin
        : req.get("sec-fetch-site") === "same-origin" || originOf(req.get("referer")) === publicOrigin;
    if (!sameOrigin) {
      res.status(403).type("text/plain").send("Cross-site request refused.");
      return;
    }
    // Checked above against PUBLIC_URL, which is authoritative. Remix's own check compares Origin
    // with Host instead: it reads "null" (no-JS posts from no-referrer pages) as foreign, and a
    // proxy that rewrites Host would make every post fail.
    delete req.headers.origin;
    next();
  });

  // Every body is bounded from its headers before anything reads it (docs/decisions/031).
  app.use(limitRequestBodies(routeOf));

  const publicDir = path.join(process.cwd(), "public");
  app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(publicDir, { maxAge: "1h" }));

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: "production",
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        requestMethod: req.method,
        requestLog: res.locals.requestLog as RequestLogRecord,
      }),
    }),
  );

  // Whatever fails outside Remix (a static file, the adapter itself) takes the app's one error
  // path (errorResponse, as handleError does): logged once with a reference, never a stack.
  app.use(((error, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = Number((error as { status?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode);
    if (status >= 400 && status < 500) {
      res.status(status).type("text/plain").send("The request could not be understood.");
      return;
    }
    const request = new Request(new URL(req.originalUrl, publicOrigin), { method: req.method });
    const answer = errorResponse(error, { request, context: { requestLog: res.locals.requestLog as RequestLogRecord } });
    void answer.json().then(
      (body: ErrorBody) =>
        res
          .status(answer.status)
          .type("text/plain")
          .send(`${body.message.replace(/\.$/, "")} (reference ${body.reference}). Please try again shortly.`),
      () => res.status(answer.status).end(),
    );
  }) as express.ErrorRequestHandler);
  return app;
}

/**
 * Whether the request came with a body. A request without one is not yet `complete` while its
 * handler runs in the same turn as its headers (a forged link's 404): its socket stays open.
 */
function hasBody(req: express.Request): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
