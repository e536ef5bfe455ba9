import { createHash } from "node:crypto";

import { z } from "zod";

import { db } from "~/modules/db/db.server";
import { isUniqueViolation } from "~/modules/db/unique-violation";

import { problem, PROBLEM_CONTENT_TYPE } from "./problem.server";

// `Idempotency-Key` on every POST and PATCH of /api/v1 (docs/decisions/050): the first answer to
// a key is kept 24 h and given again for the same request, so a client may retry a call whose
// answer it lost without making the link twice. The table's unique (apiKeyId, key) decides a race.

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claim still without an answer after this long belongs to a request that died (no call runs 2 minutes). */
export const IDEMPOTENCY_ABANDONED_MS = 2 * 60 * 1000;

/** 1 to 255 printable ASCII characters (a UUID is the usual choice). */
export const IdempotencyKeySchema = z
  .string()
  .min(1, "Send 1 to 255 printable characters")
  .max(255, "Send 1 to 255 printable characters")
  .regex(/^[\x20-\x7E]+$/, "Send printable ASCII characters only");

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/** The request a key was first used with: its method, path and the SHA-256 of its body. */
async function requestHash(request: Request): Promise<string> {
  const body = new Uint8Array(await request.clone().arrayBuffer());
  return sha256(`${request.method} ${new URL(request.url).pathname}\n${sha256(body)}`);
}

type Claim = { ok: true; id: string } | { ok: false; response: Response };

/** Takes the key for this request, or answers: the stored first answer, 422 (another request) or 409 (still running). */
async function claim(apiKeyId: string, key: string, hash: string, now: Date): Promise<Claim> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const row = await db.apiIdempotencyKey.create({ data: { apiKeyId, key, requestHash: hash, createdAt: now } });
      return { ok: true, id: row.id };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const first = await db.apiIdempotencyKey.findUnique({ where: { apiKeyId_key: { apiKeyId, key } } });
    // Gone meanwhile (a 5xx answer frees its key), or older than the retention: the key is new again.
    if (!first) continue;
    if (now.getTime() - first.createdAt.getTime() >= IDEMPOTENCY_TTL_MS) {
      await db.apiIdempotencyKey.deleteMany({ where: { id: first.id } });
      continue;
    }
    if (first.requestHash !== hash)
      return {
        ok: false,
        response: problem(422, `This ${IDEMPOTENCY_HEADER} was used with another request: send a new key for a new request.`, {
          errors: [{ field: IDEMPOTENCY_HEADER, message: "Already used with another method, path or body" }],
        }),
      };
    if (first.status === null && now.getTime() - first.createdAt.getTime() >= IDEMPOTENCY_ABANDONED_MS) {
      // Only while it is still unanswered: a late answer wins, and of two callers one deletes, both retry the insert.
      await db.apiIdempotencyKey.deleteMany({ where: { id: first.id, status: null } });
      continue;
    }
    if (first.status === null || first.body === null)
      return {
        ok: false,
        response: problem(409, `A request with this ${IDEMPOTENCY_HEADER} is still running: retry in a moment.`, {
          headers: { "Retry-After": "1" },
        }),
      };
    return { ok: false, response: replay(first.status, first.body) };
  }
  return { ok: false, response: problem(409, `A request with this ${IDEMPOTENCY_HEADER} is still running: retry in a moment.`) };
}

function replay(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: {
      "Content-Type": status >= 400 ? PROBLEM_CONTENT_TYPE : "application/json",
      "Cache-Control": "no-store",
      "Idempotent-Replayed": "true",
    },
  });
}

/**
 * Runs a POST or PATCH once per `Idempotency-Key` of the API key: without the header, `run` as is.
 * A 5xx answer is not kept (the client may retry); neither is anything when `run` throws.
 */
export async function idempotent(request: Request, apiKeyId: string, run: () => Promise<Response>, now = new Date()): Promise<Response> {
  const header = request.headers.get(IDEMPOTENCY_HEADER);
  if (header === null || !["POST", "PATCH"].includes(request.method)) return run();
  const key = IdempotencyKeySchema.safeParse(header);
  if (!key.success)
    return problem(422, `The ${IDEMPOTENCY_HEADER} header is not valid.`, {
      errors: [{ field: IDEMPOTENCY_HEADER, message: key.error.issues[0]!.message }],
    });
  const taken = await claim(apiKeyId, key.data, await requestHash(request), now);
  if (!taken.ok) return taken.response;
  let response: Response;
  try {
    response = await run();
  } catch (error) {
    await db.apiIdempotencyKey.deleteMany({ where: { id: taken.id } });
    throw error;
  }
  if (response.status >= 500) {
    await db.apiIdempotencyKey.deleteMany({ where: { id: taken.id } });
    return response;
  }
  const body = await response.clone().text();
  // updateMany: a call slow enough to be taken for abandoned finds its row gone and still answers.
  await db.apiIdempotencyKey.updateMany({ where: { id: taken.id, status: null }, data: { status: response.status, body } });
  return response;
}

/** Housekeeping (the worker): keys older than their 24 h are forgotten. */
export async function purgeIdempotencyKeys(now = new Date()): Promise<number> {
  const result = await db.apiIdempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_TTL_MS) } } });
  return result.count;
}
