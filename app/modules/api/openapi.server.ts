import { createHash } from "node:crypto";

import { extendZodWithOpenApi, OpenApiGeneratorV31, OpenAPIRegistry, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import type { OpenAPIObject } from "openapi3-ts/oas31";
import { z } from "zod";

import { IDEMPOTENCY_HEADER, IDEMPOTENCY_TTL_MS, IdempotencyKeySchema } from "./idempotency.server";
import type { ApiOperation } from "./operation";
import { API_OPERATIONS } from "./operations.server";
import { PROBLEM_CONTENT_TYPE, PROBLEM_TITLES } from "./problem.server";
import { ProblemSchema } from "./problem-schema";

// The OpenAPI 3.1 document of /api/v1 (issue 18, docs/decisions/052), generated from the zod
// schemas the endpoints parse and answer with (API_OPERATIONS), so it cannot drift from them.

// `.openapi()` names the shared schemas (Problem) so the document refers to them by $ref.
extendZodWithOpenApi(z);

export const API_BASE_PATH = "/api/v1";
export const SECURITY_SCHEME = "apiKey";

/** The problems every call may answer, besides those an operation lists. */
export const COMMON_PROBLEMS = [401, 403, 429, 500] as const;

const PROBLEM_MEANING: Record<number, string> = {
  400: "The body is not valid JSON.",
  401: "No API key, or one that is unknown, revoked or expired.",
  403: "The key lacks the scope this operation needs.",
  404: "Nothing with this id in the key's agency (another agency's ids are 404 too).",
  409: "A call with the same Idempotency-Key is still running: retry later.",
  413: "The body is too large.",
  415: "The body is not sent as application/json.",
  422: "A field is wrong: `errors` names each one. Also an Idempotency-Key used before with another request.",
  429: "Too many calls with this key: wait the seconds in Retry-After.",
  500: "Something broke on our side: `detail` holds a reference for support.",
};

const METHODS_WITH_BODY = new Set(["post", "patch"]);

/** The scope sentence an operation's description starts with (the reference page shows the scope on its own too). */
export const scopeSentence = (operation: ApiOperation) => `Needs an API key with the scope \`${operation.scope}\`.`;

export function isPaginated(operation: ApiOperation): boolean {
  return Boolean(operation.query?.shape.cursor);
}

export function openApiDocument(serverUrl: string, operations: ApiOperation[] = API_OPERATIONS): OpenAPIObject {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", SECURITY_SCHEME, {
    type: "http",
    scheme: "bearer",
    description: "An API key of your agency (Settings, Manage API keys), sent as `Authorization: Bearer <key>`. Each key has scopes.",
  });
  const problem = registry.register("Problem", ProblemSchema.openapi({ description: "An RFC 9457 problem document." }));
  const idempotencyKey = `Any unique string (a UUID). The same key again within ${IDEMPOTENCY_TTL_MS / 3_600_000} hours with the same request gives the first answer again, without doing it twice; with another request it is a 422.`;
  registry.registerParameter(
    "IdempotencyKey",
    IdempotencyKeySchema.optional().openapi({ param: { name: IDEMPOTENCY_HEADER, in: "header", description: idempotencyKey } }),
  );
  for (const operation of operations) registry.registerPath(routeOf(operation, problem));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Onboarding links API",
      version: "1",
      description:
        "Clients, onboarding links, grants and events of one agency, with the API key's scopes. JSON in and out; every error is an RFC 9457 problem document (application/problem+json).",
    },
    servers: [{ url: `${serverUrl}${API_BASE_PATH}` }],
    security: [{ [SECURITY_SCHEME]: [] }],
  });
}

function routeOf(operation: ApiOperation, problem: z.ZodTypeAny): RouteConfig {
  const problems = [...new Set([...COMMON_PROBLEMS, ...operation.problems])].sort((a, b) => a - b);
  const paginated = isPaginated(operation) ? " A page at a time: pass the answer's `nextCursor` as `cursor` until it is null." : "";
  const route: RouteConfig = {
    method: operation.method,
    path: operation.path,
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    description: [operation.description, `${scopeSentence(operation)}${paginated}`].filter(Boolean).join("\n\n"),
    security: [{ [SECURITY_SCHEME]: [operation.scope] }],
    "x-scope": operation.scope,
    request: {
      params: operation.params,
      query: operation.query,
      body: operation.body ? { required: true, content: { "application/json": { schema: operation.body } } } : undefined,
    },
    responses: {
      [operation.success.status]: {
        description: operation.success.description,
        content: { "application/json": { schema: operation.success.schema } },
      },
      ...Object.fromEntries(
        problems.map((status) => [
          status,
          {
            description: `${PROBLEM_TITLES[status as keyof typeof PROBLEM_TITLES] ?? "Problem"}: ${PROBLEM_MEANING[status] ?? ""}`.trim(),
            content: { [PROBLEM_CONTENT_TYPE]: { schema: problem } },
          },
        ]),
      ),
    },
  };
  if (METHODS_WITH_BODY.has(operation.method)) route.parameters = [{ $ref: "#/components/parameters/IdempotencyKey" }];
  return route;
}

let cached: { serverUrl: string; body: string; etag: string } | null = null;

/** The document as served: its JSON and a strong ETag of it, made once per process. */
export function servedDocument(serverUrl: string): { body: string; etag: string } {
  if (cached?.serverUrl !== serverUrl) {
    const body = JSON.stringify(openApiDocument(serverUrl));
    cached = { serverUrl, body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
  }
  return cached;
}
