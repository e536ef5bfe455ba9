// Issue 18, the API contract: the real server with every /api/v1 route file answers EVERY
// operation of API_OPERATIONS as the served OpenAPI document says. Each real success body and
// each problem body is validated against the document's schemas with ajv (JSON Schema 2020-12;
// undocumented fields fail too); each operation is refused without its scope (403), answers 404
// for another agency's id, and a POST or PATCH repeated with the same Idempotency-Key gives the
// same answer. An operation added to the list without a call here fails the first test.
import path from "node:path";

import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createApiKey, CreateApiKeySchema } from "~/modules/api/api-keys.server";
import type { ApiOperation } from "~/modules/api/operation";
import { API_OPERATIONS } from "~/modules/api/operations.server";
import { API_SCOPES } from "~/modules/api/scopes";
import { setClientArchived } from "~/modules/clients/clients.server";
import { db } from "~/modules/db/db.server";
import { completeLink } from "~/modules/links/link-page.server";
import * as root from "~/root";

import { routeManifest } from "../security/support/full-build";
import { startAppServer, type TestServer } from "../support/app-server";
import { buildFromRoutes } from "../support/remix-build";
import { makeAgency, makeClient, makeLink, META, SITE_A, type TestAgency } from "./helpers";

type Ids = Record<string, string>;
/** How the test calls one operation: the ids it acts on (fresh ones when the call changes them), its query and body. */
type Call = {
  ids?: (a: TestAgency) => Promise<Ids>;
  query?: string;
  body?: (ids: Ids) => unknown;
  /** A body the operation refuses with 422 naming a field. */
  invalid?: unknown;
};

const client = async (a: TestAgency): Promise<Ids> => ({ clientId: (await makeClient(a)).id });
const link = async (a: TestAgency): Promise<Ids> => ({ linkId: (await makeLink(a, (await makeClient(a)).id)).id });
const grant = async (a: TestAgency): Promise<Ids> => {
  const made = await makeLink(a, (await makeClient(a)).id);
  const done = await completeLink(
    made.token,
    { clientName: "Casey Client", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A] },
    META,
  );
  if (!done.ok) throw new Error(JSON.stringify(done));
  return { grantId: (await db.grant.findFirstOrThrow({ where: { linkId: made.id } })).id };
};

const NEW_CLIENT = {
  name: "Contract Shoes",
  contactName: "Casey Client",
  contactEmail: "casey@contract-shoes.example",
  sites: [{ hotjarSiteId: "7654321", name: "Shop" }],
};

const CALLS: Record<string, Call> = {
  listClients: { query: "?limit=2" },
  createClient: { body: () => NEW_CLIENT, invalid: { ...NEW_CLIENT, contactEmail: "not an address" } },
  getClient: { ids: client },
  updateClient: { ids: client, body: () => ({ contactName: "Robin Renamed" }), invalid: { name: "" } },
  archiveClient: { ids: client },
  restoreClient: {
    ids: async (a) => {
      const ids = await client(a);
      await setClientArchived(a.agencyId, ids.clientId!, a.actor, true);
      return ids;
    },
  },
  listLinks: { query: "?status=PENDING" },
  createLink: {
    ids: client,
    body: (ids) => ({
      clientId: ids.clientId,
      role: "VIEWER",
      siteIds: [SITE_A],
      granteeEmail: "analytics@agency.example",
      recipientEmail: "casey@acme-shoes.example",
      reason: "To read your heatmaps for the redesign.",
      lifetimeValue: 7,
      lifetimeUnit: "days",
    }),
    invalid: { lifetimeValue: 7 },
  },
  getLink: { ids: link },
  sendLink: { ids: link },
  revokeLink: { ids: link },
  reissueLink: { ids: link, body: () => ({ lifetimeDays: 7 }), invalid: { lifetimeDays: 0 } },
  listGrants: {},
  verifyGrant: { ids: grant },
  revokeGrant: { ids: grant },
  listEvents: { query: "?limit=5" },
};

let server: TestServer;
let agency: TestAgency;
let other: TestAgency;
let document: { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, unknown> }> }>> };
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));

/** Every route file under /api/v1 (app/routes/api.v1.*), with the real modules, as `remix build` would route them. */
async function apiBuild() {
  const routes = Object.values(routeManifest()).filter((r) => r.id.startsWith("routes/api.v1."));
  const modules = await Promise.all(
    routes.map(async (r) => (await import(/* @vite-ignore */ path.resolve("app", r.file))) as Record<string, unknown>),
  );
  return buildFromRoutes([
    { id: "root", path: "", module: root as Record<string, unknown> },
    ...routes.map((r, i) => ({ id: r.id, parentId: r.parentId ?? "root", path: r.path, index: r.index, module: modules[i]! })),
  ]);
}

/** Each object of the document's schemas closed: a field the document does not name fails validation. */
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (typeof node !== "object" || node === null) return node;
  const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, closed(v)]));
  if ((copy as { properties?: unknown }).properties && !("additionalProperties" in copy)) copy.unevaluatedProperties = false;
  return copy;
}

beforeAll(async () => {
  server = await startAppServer(await apiBuild());
  agency = await makeAgency("Contract Agency");
  other = await makeAgency("Foreign Agency");
  const served = await fetch(`${server.url}/api/v1/openapi.json`);
  expect(served.status).toBe(200);
  document = (await served.json()) as typeof document;
  ajv.addSchema({ ...(closed(document) as object), $id: "openapi.json" });
});
afterAll(() => server?.close());

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

function validator(op: ApiOperation, status: number, contentType: string): ValidateFunction {
  const ref = `openapi.json#/paths/${pointer(op.path, op.method, "responses", String(status), "content", contentType, "schema")}`;
  expect(
    document.paths[op.path]?.[op.method]?.responses[String(status)]?.content[contentType],
    `${op.operationId} documents ${status}`,
  ).toBeTruthy();
  return ajv.compile({ $ref: ref });
}

/** The answer's JSON, checked against the document's schema for its status. */
async function expectDocumented(op: ApiOperation, response: Response, status: number) {
  const text = await response.text();
  expect(response.status, `${op.operationId}: ${text}`).toBe(status);
  const problem = status >= 400;
  const contentType = problem ? "application/problem+json" : "application/json";
  expect(response.headers.get("content-type")).toMatch(new RegExp(`^${contentType.replace("+", "\\+")}`));
  const body = JSON.parse(text) as unknown;
  const validate = validator(op, status, contentType);
  expect(validate(body), `${op.operationId} ${status}: ${ajv.errorsText(validate.errors)}\n${text}`).toBe(true);
  return body as Record<string, unknown>;
}

async function keyFor(a: TestAgency, scopes: readonly string[]) {
  const { secret } = await createApiKey(a.agencyId, a.actor, CreateApiKeySchema.parse({ name: "Contract", scopes, expiresOn: "" }));
  return secret;
}

function fill(op: ApiOperation, ids: Ids): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const id = ids[name];
    if (!id) throw new Error(`${op.operationId}: no ${name} for the call`);
    return id;
  });
}

async function request(op: ApiOperation, secret: string, ids: Ids, init: { body?: unknown; idempotencyKey?: string } = {}) {
  const call = CALLS[op.operationId]!;
  const body = init.body !== undefined ? init.body : call.body?.(ids);
  const withBody = op.method !== "get";
  return fetch(`${server.url}/api/v1${fill(op, ids)}${call.query ?? ""}`, {
    method: op.method.toUpperCase(),
    headers: {
      Authorization: `Bearer ${secret}`,
      ...(withBody ? { "Content-Type": "application/json" } : {}),
      ...(init.idempotencyKey ? { "Idempotency-Key": init.idempotencyKey } : {}),
    },
    body: withBody ? JSON.stringify(body ?? {}) : undefined,
  });
}

const idsFor = async (op: ApiOperation, a: TestAgency) => (await CALLS[op.operationId]?.ids?.(a)) ?? {};
const writes = (op: ApiOperation) => op.method === "post" || op.method === "patch";
const named = API_OPERATIONS.map((op) => [op.operationId, op] as const);

describe("GET /api/v1/openapi.json", () => {
  it("needs no key, lists every operation and answers 304 to its own ETag", async () => {
    const first = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toMatch(/^application\/json/);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    const served = (await first.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    expect(served.openapi).toBe("3.1.0");
    const ids = Object.values(served.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.sort()).toEqual(API_OPERATIONS.map((op) => op.operationId).sort());
    const again = await fetch(`${server.url}/api/v1/openapi.json`, { headers: { "If-None-Match": etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const changed = await fetch(`${server.url}/api/v1/openapi.json`, { headers: { "If-None-Match": '"another"' } });
    expect(changed.status).toBe(200);
  });
});

describe("the API contract", () => {
  it("has a call for every operation in API_OPERATIONS", () => {
    expect(API_OPERATIONS.map((op) => op.operationId).filter((id) => !(id in CALLS))).toEqual([]);
  });

  it.each(named)("%s answers as the document says", async (_, op) => {
    const secret = await keyFor(agency, API_SCOPES);
    const ids = await idsFor(op, agency);
    await expectDocumented(
      op,
      await request(op, secret, ids, { idempotencyKey: writes(op) ? crypto.randomUUID() : undefined }),
      op.success.status,
    );
  });

  it.each(named)("%s answers 401 to an unknown key and 403 to a key without its scope, as documented problems", async (_, op) => {
    const ids = await idsFor(op, agency);
    await expectDocumented(op, await request(op, "olp_unknown0_thisisnotakeyofthisportalatall", ids), 401);
    const secret = await keyFor(
      agency,
      API_SCOPES.filter((s) => s !== op.scope),
    );
    const refused = await expectDocumented(op, await request(op, secret, ids), 403);
    expect(refused.detail).toContain(op.scope);
  });

  it.each(named.filter(([, op]) => op.params))("%s answers 404 for another agency's id", async (_, op) => {
    const secret = await keyFor(agency, API_SCOPES);
    const foreign = await idsFor(op, other);
    await expectDocumented(op, await request(op, secret, foreign), 404);
  });

  it.each(named.filter(([, op]) => CALLS[op.operationId]?.invalid !== undefined))(
    "%s names the wrong field in a 422 problem",
    async (_, op) => {
      const secret = await keyFor(agency, API_SCOPES);
      const ids = await idsFor(op, agency);
      const problem = await expectDocumented(op, await request(op, secret, ids, { body: CALLS[op.operationId]!.invalid }), 422);
      expect((problem.errors as unknown[]).length).toBeGreaterThan(0);
    },
  );

  it.each(named.filter(([, op]) => op.problems.includes(415)))("%s refuses a body that is not JSON with a 415 problem", async (_, op) => {
    const secret = await keyFor(agency, API_SCOPES);
    const ids = await idsFor(op, agency);
    const response = await fetch(`${server.url}/api/v1${fill(op, ids)}`, {
      method: op.method.toUpperCase(),
      headers: { Authorization: `Bearer ${secret}`, "Content-Type": "text/plain" },
      body: "name=Acme",
    });
    await expectDocumented(op, response, 415);
  });

  it.each(named.filter(([, op]) => writes(op)))("%s gives the same answer to the same Idempotency-Key", async (_, op) => {
    const secret = await keyFor(agency, API_SCOPES);
    const ids = await idsFor(op, agency);
    const key = crypto.randomUUID();
    const first = await request(op, secret, ids, { idempotencyKey: key });
    const firstBody = await expectDocumented(op, first, op.success.status);
    const again = await request(op, secret, ids, { idempotencyKey: key });
    const againBody = await expectDocumented(op, again, op.success.status);
    expect(againBody).toEqual(firstBody);
  });
});
