import type { AppLoadContext } from "@remix-run/node";
import { ZodError } from "zod";

import { recordEvent, requestMeta } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";
import type { ErrorBody } from "~/modules/http/errors";
import { errorResponse } from "~/modules/http/route.server";
import { consume } from "~/modules/security/rate-limit.server";

import { type ApiCaller, type ApiScope, authenticateApiKey, touchApiKey } from "./api-keys.server";
import { idempotent } from "./idempotency.server";
import { problem, PROBLEM_TITLES, type ProblemStatus, validationProblem } from "./problem.server";

// The one door of every /api/v1 endpoint (docs/decisions/049): the bearer key and nothing else
// (no session cookie is read, so there is no CSRF surface), the key's rate limit, the endpoint's
// scope, then the same domain functions the pages call, scoped to the key's agency. Every
// outcome is JSON; every error a problem document.

const REFUSED: Record<string, string> = {
  missing: "Send the API key as `Authorization: Bearer <key>`.",
  malformed: "The Authorization header does not hold an API key of this portal.",
  unknown: "This API key is not known.",
  revoked: "This API key was revoked.",
  expired: "This API key has expired.",
};

export type ApiArgs = { request: Request; context?: AppLoadContext };

export type ApiOptions = {
  /** A change whose domain function records its own event with the key as actor: no `api.key_used` beside it. */
  auditedByDomain?: boolean;
};

export async function apiCall(
  { request, context }: ApiArgs,
  scope: ApiScope,
  fn: (caller: ApiCaller) => Promise<Response>,
  options: ApiOptions = {},
): Promise<Response> {
  try {
    const auth = await authenticateApiKey(request.headers.get("authorization"));
    if (!auth.ok) return problem(401, REFUSED[auth.reason], { headers: { "WWW-Authenticate": 'Bearer realm="api"' } });
    const { caller } = auth;
    const limited = await consume("apiKey", caller.keyId);
    if (!limited.ok)
      return problem(429, `This key made too many calls: wait ${limited.retryAfterSeconds} s.`, {
        headers: { "Retry-After": String(limited.retryAfterSeconds) },
      });
    await touchApiKey(caller.keyId);
    const response = caller.scopes.includes(scope)
      ? await idempotent(request, caller.keyId, () => fn(caller).catch((error: unknown) => problemFor(error, { request, context })))
      : problem(403, `This key lacks the scope ${scope}.`);
    const replayed = response.headers.has("Idempotent-Replayed");
    if (!(options.auditedByDomain && response.ok && !replayed)) await recordUse(request, caller, response.status);
    return response;
  } catch (error) {
    return problemFor(error, { request, context });
  }
}

/** `api.key_used`: which key called what, and the answer's status. */
async function recordUse(request: Request, caller: ApiCaller, status: number) {
  const url = new URL(request.url);
  await recordEvent(db, {
    agencyId: caller.agencyId,
    actor: caller.actor,
    type: "api.key_used",
    details: { method: request.method, path: url.pathname, status },
    request: requestMeta(request),
  });
}

/** Whatever a domain function threw, as a problem document (the app's errorResponse decides the status and logs). */
async function problemFor(error: unknown, args: ApiArgs): Promise<Response> {
  if (error instanceof ZodError) return validationProblem(error);
  const answer = errorResponse(error, args);
  const status = (answer.status in PROBLEM_TITLES ? answer.status : 500) as ProblemStatus;
  const text = await answer.text();
  let detail = text;
  try {
    const body = JSON.parse(text) as ErrorBody;
    detail = body.reference ? `${body.message} Reference ${body.reference}.` : body.message;
  } catch {
    // A plain-text message (AppError): the detail as is.
  }
  return problem(status, detail, {
    headers: answer.headers.get("Retry-After") ? { "Retry-After": answer.headers.get("Retry-After")! } : {},
  });
}

/** The JSON body of a POST; anything else is a 415 or 400 problem. */
export async function readJson(request: Request): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? ""))
    return { ok: false, response: problem(415, "Send the body as application/json.") };
  try {
    return { ok: true, body: await request.json() };
  } catch {
    return { ok: false, response: problem(400, "The body is not valid JSON.") };
  }
}

/** The response of a successful call. */
export function apiJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
}
