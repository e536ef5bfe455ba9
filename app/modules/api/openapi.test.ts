// The OpenAPI document of /api/v1 (issue 18) is well formed as far as structure goes: OpenAPI
// 3.1 with unique operation ids, every $ref resolving, every schema valid JSON Schema 2020-12,
// and exactly the paths the app's route files serve.
import path from "node:path";

import { UNSAFE_flatRoutes as flatRoutes } from "@remix-run/dev";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";

import { pointer } from "./api-reference";
import { API_BASE_PATH, openApiDocument, SECURITY_SCHEME } from "./openapi.server";
import { API_OPERATIONS } from "./operations.server";

const doc = openApiDocument("https://portal.example");
const METHODS = ["get", "post", "patch", "put", "delete"] as const;
type Operation = {
  operationId?: string;
  security?: Record<string, string[]>[];
  "x-scope"?: string;
  parameters?: ({ $ref: string } | { name: string; in: string })[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
};
const operations = Object.entries(doc.paths ?? {}).flatMap(([p, item]) =>
  METHODS.flatMap((m) =>
    (item as Record<string, Operation>)[m] ? [{ path: p, method: m, op: (item as Record<string, Operation>)[m]! }] : [],
  ),
);

function resolve(ref: string): unknown {
  expect(ref.startsWith("#/"), ref).toBe(true);
  return pointer(doc, ref);
}

function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => (key === "$ref" && typeof value === "string" ? [value] : refsIn(value)));
}

/** The /api/v1 paths the app's route files serve, in OpenAPI style (`/clients/{clientId}`), the document itself aside. */
function routeFilePaths(): string[] {
  type Route = { path?: string; parentId?: string };
  const routes = flatRoutes(path.resolve("app"), ["**/.*", "**/*.test.{ts,tsx}"]) as unknown as Record<string, Route>;
  // A nested file's path is relative to its parent's (api.v1.clients.$clientId under api.v1.clients).
  const fullPath = (r: Route | undefined): string => (r ? [fullPath(routes[r.parentId ?? ""]), r.path].filter(Boolean).join("/") : "");
  return Object.values(routes)
    .map((r) => `/${fullPath(r)}`)
    .filter((p) => p.startsWith(`${API_BASE_PATH}/`) && p !== `${API_BASE_PATH}/openapi.json`)
    .map((p) => p.slice(API_BASE_PATH.length).replace(/:(\w+)/g, "{$1}"))
    .sort();
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with the API's server, a bearer scheme and an operation for each listed one", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBeTruthy();
    expect(doc.servers).toEqual([{ url: `https://portal.example${API_BASE_PATH}` }]);
    expect(doc.components?.securitySchemes?.[SECURITY_SCHEME]).toMatchObject({ type: "http", scheme: "bearer" });
    expect(operations.length).toBe(API_OPERATIONS.length);
    expect(operations.length).toBeGreaterThanOrEqual(3);
  });

  it("gives every operation a unique operationId, its scope, a success answer and problem answers", () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path: p, method, op } of operations) {
      const listed = API_OPERATIONS.find((o) => o.operationId === op.operationId)!;
      expect(listed, `${method} ${p}`).toBeTruthy();
      expect(op.security).toEqual([{ [SECURITY_SCHEME]: [listed.scope] }]);
      expect(op["x-scope"]).toBe(listed.scope);
      const success = op.responses[String(listed.success.status)];
      expect(success?.content?.["application/json"]?.schema, `${op.operationId} success`).toBeTruthy();
      for (const status of ["401", "403", "429", "500", ...listed.problems.map(String)])
        expect(op.responses[status]?.content?.["application/problem+json"]?.schema, `${op.operationId} ${status}`).toEqual({
          $ref: "#/components/schemas/Problem",
        });
    }
  });

  it("asks for an Idempotency-Key header on every POST and PATCH, and a JSON body where the operation has one", () => {
    for (const { method, op } of operations) {
      const headers = (op.parameters ?? []).map((p) => ("$ref" in p ? resolve(p.$ref) : p) as { name: string; in: string });
      const hasKey = headers.some((h) => h.in === "header" && h.name === "Idempotency-Key");
      expect(hasKey, `${op.operationId}`).toBe(method === "post" || method === "patch");
      const listed = API_OPERATIONS.find((o) => o.operationId === op.operationId)!;
      expect(Boolean(op.requestBody), `${op.operationId} body`).toBe(Boolean(listed.body));
    }
  });

  it("resolves every $ref inside the document", () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(resolve(ref), ref).toBeDefined();
  });

  it("holds schemas that are valid JSON Schema 2020-12", () => {
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    ajv.addSchema({ ...doc, $id: "openapi.json" });
    const schemas = operations.flatMap(({ op }) =>
      Object.values(op.responses).flatMap((r) => Object.values(r.content ?? {}).map((c) => c.schema)),
    );
    for (const schema of [...schemas, ...Object.values(doc.components?.schemas ?? {})]) {
      expect(ajv.validateSchema(schema as object), JSON.stringify(ajv.errors)).toBe(true);
    }
  });

  it("describes exactly the paths the app's /api/v1 route files serve", () => {
    expect(Object.keys(doc.paths ?? {}).sort()).toEqual(routeFilePaths());
  });
});
