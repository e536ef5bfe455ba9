// Every request body is bounded before anything reads it (docs/decisions/031): a form post to
// MAX_FORM_BYTES, the logo upload to MAX_LOGO_UPLOAD_BYTES. The size is read from Content-Length,
// which Node's parser holds the body to, so a body too large is refused (413) from its headers
// alone, without reading it; the connection is closed after the answer (server/app.ts).
// A body without Content-Length (chunked) is refused (411): no browser sends a form so.
// On /api/ the refusal is an RFC 9457 problem document, as every answer of the API (decision 049).
import type { Request, RequestHandler, Response } from "express";

import { MAX_LOGO_BYTES, MAX_LOGO_UPLOAD_BYTES } from "../app/modules/agencies/branding";
import { PROBLEM_CONTENT_TYPE, PROBLEM_TITLES } from "../app/modules/api/problem.server";
import { BULK_MAX_BYTES, BULK_UPLOAD_MAX_BYTES, BULK_UPLOAD_ROUTE } from "../app/modules/links/bulk-limits";

/** A form post, URL-encoded or multipart, with or without JavaScript; the largest (a client with its 50 sites) fits. */
export const MAX_FORM_BYTES = 64 * 1024;

/** The route whose multipart post is the logo upload (a pattern of `routePatterns`). */
const LOGO_UPLOAD_ROUTE = "/a/:agency/settings";

/** `routeOf` names the route a path is served by (server/request-log.ts `routePatterns`). */
export function limitRequestBodies(routeOf: (pathname: string) => string): RequestHandler {
  return (req, res, next) => {
    const length = req.headers["content-length"];
    if (length === undefined) {
      if (req.headers["transfer-encoding"] === undefined) return next();
      return refuse(
        req,
        res,
        411,
        "Form size missing",
        "Your browser sent the form without saying how large it is, which this site does not accept: go back and send the form again.",
      );
    }
    const bytes = Number(length);
    if (bytes <= MAX_FORM_BYTES) return next();
    const multipart = req.method === "POST" && req.is("multipart/form-data");
    // A CSV of links (decision 054): its own, larger bound.
    if (multipart && routeOf(req.path) === BULK_UPLOAD_ROUTE) {
      if (bytes <= BULK_UPLOAD_MAX_BYTES) return next();
      return refuse(
        req,
        res,
        413,
        "File too large",
        `The file you sent is larger than this site accepts: go back and upload a CSV of at most ${BULK_MAX_BYTES / 1024 / 1024} MB.`,
      );
    }
    const logoUpload = multipart && routeOf(req.path) === LOGO_UPLOAD_ROUTE;
    if (!logoUpload)
      return refuse(
        req,
        res,
        413,
        "Form too large",
        "The form you sent is larger than this site accepts: go back and send less, or choose a smaller file.",
      );
    if (bytes <= MAX_LOGO_UPLOAD_BYTES) return next();
    return refuse(
      req,
      res,
      413,
      "File too large",
      `The file you sent is larger than this site accepts: go back and choose an image of at most ${MAX_LOGO_BYTES / 1024} KB.`,
    );
  };
}

/**
 * How long the connection stays open after a refusal, reading nothing: closing a socket while
 * the client is still writing resets it, and the client may lose the answer with it (Node's own
 * client does). Unread, the body waits in the kernel's buffers and the client's writes stall
 * until it reads the answer, or until this ends.
 */
const LINGER_MS = 2_000;

// Answered before Remix, so without the app's stylesheets: the same look (app/styles/app.css's
// tokens: text, muted, canvas, card, line, accent) in a few inline styles.
const PAGE_STYLE =
  "margin:0;padding:2rem 1rem;background:#f7f8fa;color:#1c2430;line-height:1.5;" +
  'font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif';
const CARD_STYLE = "max-width:36rem;margin:0 auto;padding:1.5rem 2rem;background:#fff;border:1px solid #d9dee5;border-radius:8px";
const HEADINGS = "h1{font-size:1.5rem;line-height:1.25;margin:0 0 .75rem}p{margin:0 0 1rem}a{color:#2456c7}";

/** What a program reads on /api/: the problem, and the limit in bytes. */
const API_REFUSALS = {
  411: "Send the body with a Content-Length header.",
  413: `The body is larger than the API accepts (${MAX_FORM_BYTES} bytes).`,
};

function refuse(req: Request, res: Response, status: 411 | 413, title: string, sentence: string) {
  if (req.path.startsWith("/api/")) {
    const problem = JSON.stringify({ type: "about:blank", title: PROBLEM_TITLES[status], status, detail: API_REFUSALS[status] });
    return send(res, status, PROBLEM_CONTENT_TYPE, problem);
  }
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${title}</title><style>${HEADINGS}</style></head><body style='${PAGE_STYLE}'><div style="${CARD_STYLE}">` +
    `<p style="margin:0 0 .25rem;color:#5b6675;font-size:.85rem;font-weight:600;letter-spacing:.05em">ERROR ${status}</p>` +
    `<h1>${title}</h1><p>${sentence}</p><p style="margin:0"><a href="/">Go to the start page</a></p></div></body></html>`;
  send(res, status, "text/html; charset=utf-8", html);
}

function send(res: Response, status: 411 | 413, contentType: string, body: string) {
  res.status(status).set({ "Content-Type": contentType, "Content-Length": String(Buffer.byteLength(body)), "Cache-Control": "no-store" });
  // The whole answer goes out now; ending it closes the connection (server/app.ts).
  res.write(body);
  const timer = setTimeout(() => res.end(), LINGER_MS);
  res.once("close", () => clearTimeout(timer));
}
