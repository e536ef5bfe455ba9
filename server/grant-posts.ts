// The client's "I've sent the invitation" without Remix (docs/decisions/026): a small form post
// to a verified link is read here, parsed with the route's own schema and completed with the
// route's own domain call. A completion answers 302 to the link page, as the route's action does.
// Anything else goes on to the route with the body already read (`requestBody`) and, when the
// completion was tried, its outcome (`grantAttempt`), so that nothing runs twice: the route draws
// the field errors, the refusal or the error page exactly as before.
import type express from "express";
import { requestMetaFrom } from "../app/modules/audit/events.server";
import { completeLink } from "../app/modules/links/link-page.server";
import { CompleteLinkSchema, grantFields } from "../app/modules/links/schemas";

/** Larger posts (no grant form comes near it) are left to the route, which reads them itself. */
const MAX_BODY_BYTES = 16 * 1024;

export function answerGrantPosts(): express.RequestHandler {
  return (req, res, next) => {
    const length = Number(req.headers["content-length"]);
    const urlencoded = /^application\/x-www-form-urlencoded\s*(;|$)/i.test(req.headers["content-type"] ?? "");
    if (!res.locals.linkClaims || !urlencoded || req.headers["transfer-encoding"] || !(length > 0 && length <= MAX_BODY_BYTES)) return next();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("error", () => undefined);
    req.once("end", () => {
      const body = Buffer.concat(chunks);
      res.locals.requestBody = body;
      void attempt(req, res, body).then((answered) => answered || next(), next);
    });
  };
}

async function attempt(req: express.Request, res: express.Response, body: Buffer): Promise<boolean> {
  const form = new URLSearchParams(body.toString("utf8"));
  if (form.get("intent") !== "grant") return false;
  const parsed = CompleteLinkSchema.safeParse(grantFields(form));
  if (!parsed.success) return false;
  const token = req.params.token!;
  try {
    const result = await completeLink(token, parsed.data, requestMetaFrom((name) => req.get(name) ?? null));
    if (!result.ok) {
      res.locals.grantAttempt = { result };
      return false;
    }
  } catch (error) {
    res.locals.grantAttempt = { error };
    return false;
  }
  res.statusCode = 302;
  res.setHeader("Location", `/l/${token}`);
  res.end();
  return true;
}
