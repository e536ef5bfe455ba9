import { type AgnosticRouteObject, matchRoutes } from "@remix-run/router";
import type { RequestHandler } from "express";

import { type Logger, scrubPath } from "./logger";

/** The parts of a Remix route manifest (`build.routes`) that say which URLs a route answers. */
export type RouteManifest = Record<string, { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean }>;

/**
 * The route pattern a URL path is served by, as logs show it: `/l/:token`, not the token;
 * `/a/:agency/links/:linkId`. A path no route answers (a static file, a 404) is logged as
 * itself with any token scrubbed.
 */
export function routePatterns(manifest: RouteManifest): (pathname: string) => string {
  const childrenOf = (parentId: string | undefined): AgnosticRouteObject[] =>
    Object.values(manifest)
      .filter((route) => route.parentId === parentId)
      .map((route) =>
        route.index
          ? // A flat route's index (`a.$agency.links._index`) keeps its path: `/a/:agency/links`.
            { id: route.id, index: true, path: route.path, caseSensitive: route.caseSensitive }
          : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children: childrenOf(route.id) },
      );
  const routes = childrenOf(undefined);
  return (pathname) => {
    try {
      decodeURI(pathname);
    } catch {
      return scrubPath(pathname);
    }
    const matches = matchRoutes(routes, pathname);
    // The root splat (`app/routes/$.tsx`, the 404 page) answers everything else: log the path.
    if (!matches || matches.at(-1)?.route.path === "*") return scrubPath(pathname);
    const segments = matches.map((m) => m.route.path).filter((p): p is string => Boolean(p));
    return `/${segments.join("/")}`.replace(/\/{2,}/g, "/");
  };
}

/** What a request's handling adds to its log line (the error reference); see AppLoadContext. */
export type RequestLogRecord = { reference?: string };

/**
 * One line per request, written when the response ends (or the client goes away): method,
 * route pattern, status, duration in ms, and the reference of an error when there was one.
 * The record is left in `res.locals.requestLog` for the app to fill in.
 */
export function requestLogger(logger: Logger, routeOf: (pathname: string) => string): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const record: RequestLogRecord = {};
    res.locals.requestLog = record;
    res.once("close", () => {
      const level =
        res.statusCode >= 500 && res.statusCode !== 503 ? "error" : res.statusCode === 503 || res.statusCode === 429 ? "warn" : "info";
      // Matching the route costs about 0.1 ms: only for a line that is written.
      if (!logger.isLevelEnabled(level)) return;
      const line = {
        method: req.method,
        route: routeOf(req.path),
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
        ...(record.reference ? { reference: record.reference } : {}),
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      logger[level](line, "request");
    });
    next();
  };
}
