// The client's link page, seen from the transport: which requests are link pages, the headers
// they get, and the refusal of a forged token before Remix (docs/decisions/024, 035).
import type { ServerBuild } from "@remix-run/node";
import { createRequestHandler } from "@remix-run/node";
import type express from "express";

import type { SigningKey } from "../app/modules/links/token.server";
import { verifyLinkToken } from "../app/modules/links/token.server";

/** The client's link page, as `routePatterns` names it. */
const LINK_PAGE_ROUTE = "/l/:token";

/**
 * The token of a request that Remix routes to the link page, on the path as Remix reads it
 * (dot segments resolved, percent-decoded, any case), or null for any other request. The app's
 * own route table decides (`routeOf`); the first segment is looked at first, since matching the
 * table costs about 0.3 ms and only a first segment reading "l" can match.
 */
export function linkPageToken(pathname: string, routeOf: (pathname: string) => string): string | null {
  const segments = pathname.split("/");
  try {
    if (decodeURIComponent(segments[1] ?? "").toLowerCase() !== "l" || routeOf(pathname) !== LINK_PAGE_ROUTE) return null;
    return decodeURIComponent(segments[2] ?? "");
  } catch {
    return null;
  }
}

/**
 * The route's own "This link is not valid" page, drawn once by Remix for a token that is not ours
 * and kept without its scripts (they carry that drawing's CSP nonce; the page needs none): one
 * page, styled like the rest of the app, answered to every forged token for the cost of an HMAC.
 */
function notValidPage(build: ServerBuild): () => Promise<string> {
  let page: Promise<string> | undefined;
  return () =>
    (page ??= createRequestHandler(build, "production")(new Request("http://portal.invalid/l/not-a-link-token"), {})
      .then((response) => response.text())
      .then((html) => html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "").replace(/<link rel="modulepreload"[^>]*>/g, "")));
}

/**
 * Link pages get `Referrer-Policy: no-referrer` and `Cache-Control: no-store` (the token must not
 * leak through Referer, nor any cache keep the page), and a token that fails its HMAC is answered
 * 404 here, before Remix, the limiter and the database: made-up links cost next to nothing.
 */
export function linkPages(
  build: ServerBuild,
  keys: SigningKey[],
  publicOrigin: string,
  routeOf: (pathname: string) => string,
): express.RequestHandler {
  const page = notValidPage(build);
  return (req, res, next) => {
    const token = linkPageToken(new URL(req.url, publicOrigin).pathname, routeOf);
    if (token === null) return next();
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("Cache-Control", "no-store");
    if (verifyLinkToken(keys, token)) return next();
    page().then(
      (html) => res.status(404).type("html").send(html),
      (error: unknown) => next(error),
    );
  };
}
