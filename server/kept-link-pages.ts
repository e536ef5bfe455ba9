// A reload of an opened link's page, answered from the page the route drew last time, without
// Remix, React or Prisma's query compiler: one statement reads the kept page and checks that
// nothing it shows has changed, and for a person (not a link scanner) one more counts the open
// (docs/decisions/025). Anything else (no page kept, a change, a query string such as Remix's
// `?_data`, a database error) goes on to the route, which draws the page and keeps it again.
import type express from "express";
import { isbot } from "isbot";
import { countRepeatOpen, fillKeptPage, keptLinkPage } from "../app/modules/links/link-page-cache.server";
import type { VerifiedLinkToken } from "../app/modules/links/token.server";

export function answerKeptLinkPages(build: string): express.RequestHandler {
  return (req, res, next) => {
    const claims = res.locals.linkClaims as VerifiedLinkToken | undefined;
    if (!claims || (req.method !== "GET" && req.method !== "HEAD") || req.url.includes("?")) return next();
    void answer(req, res, claims).then((answered) => answered || next(), () => next());
  };

  async function answer(req: express.Request, res: express.Response, claims: VerifiedLinkToken): Promise<boolean> {
    const now = new Date();
    const kept = await keptLinkPage(claims, build, now);
    if (kept === null) return false;
    // Counted as the route counts it: GET and HEAD alike, but not a link scanner's.
    if (!isbot(req.get("user-agent") ?? "") && !(await countRepeatOpen({ id: claims.linkId, tokenVersion: claims.version }, now))) {
      return false;
    }
    const html = Buffer.from(fillKeptPage(kept, { nonce: res.locals.cspNonce as string, token: req.params.token! }), "utf8");
    res.statusCode = 200;
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.setHeader("Content-Length", html.length);
    res.end(req.method === "HEAD" ? undefined : html);
    return true;
  }
}
