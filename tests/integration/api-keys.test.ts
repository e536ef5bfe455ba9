// Issue 18: API keys and /api/v1/clients over real HTTP (server/app.ts and Remix with the real
// route modules). A key is shown once and stored as its hash; revoked or expired keys, a missing
// scope, another agency's id and a wrong field are refused with RFC 9457 problem documents; every
// use is an audit event; a key has its own rate limit; no cookie reaches the API, so the Origin
// check leaves it to the key, and a call without one gets the API's 401 problem.
import { createHash } from "node:crypto";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { createApiKey, CreateApiKeySchema, listApiKeys, revokeApiKey } from "~/modules/api/api-keys.server";
import { startSession } from "~/modules/auth/auth.server";
import { db } from "~/modules/db/db.server";
import { setRateLimitScale } from "~/modules/security/rate-limit.server";
import * as clientsRoute from "~/routes/api.v1.clients";
import * as clientRoute from "~/routes/api.v1.clients.$clientId";

import { startAppServer, type TestServer } from "../support/app-server";
import { testBuild } from "../support/remix-build";
import { makeAgency, makeClient, type TestAgency } from "./helpers";

let server: TestServer;
let agency: TestAgency;
let other: TestAgency;

beforeAll(async () => {
  server = await startAppServer(
    testBuild([
      { id: "routes/api.v1.clients", path: "api/v1/clients", module: clientsRoute },
      { id: "routes/api.v1.clients.$clientId", path: "api/v1/clients/:clientId", module: clientRoute },
    ]),
  );
  agency = await makeAgency("Keyed Agency");
  other = await makeAgency("Other Agency");
});
afterAll(() => server.close());

async function newKey(a: TestAgency, scopes: string[] = ["clients:read", "clients:write"], name = "CRM sync") {
  return createApiKey(a.agencyId, a.actor, CreateApiKeySchema.parse({ name, scopes, expiresOn: "" }));
}

function call(path: string, secret: string | null, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return fetch(`${server.url}${path}`, {
    method: init.method ?? "GET",
    headers: {
      ...(secret ? { Authorization: `Bearer ${secret}` } : {}),
      ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...init.headers,
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
}

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as {
    type: string;
    title: string;
    status: number;
    detail: string;
    errors?: { field: string; message: string }[];
  };
  expect(body).toMatchObject({ type: "about:blank", status });
  expect(body.title).toBeTruthy();
  expect(body.detail).toBeTruthy();
  return body;
}

describe("API keys", () => {
  it("shows the secret once and stores only its SHA-256 beside a recognisable prefix", async () => {
    const { key, secret } = await newKey(agency, ["clients:read"], "Hash check");
    expect(key.prefix).toMatch(/^olp_[A-Za-z0-9_-]{8}$/);
    expect(secret.startsWith(`${key.prefix}_`)).toBe(true);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.secretHash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(secret.slice(key.prefix.length + 1));
    const listed = (await listApiKeys(agency.agencyId)).find((k) => k.id === key.id)!;
    expect(listed).not.toHaveProperty("secretHash");
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(listed.scopes).toEqual(["clients:read"]);
    const event = await db.event.findFirstOrThrow({
      where: { agencyId: agency.agencyId, type: "api.key_created" },
      orderBy: { createdAt: "desc" },
    });
    expect(event.actorId).toBe(agency.userId);
  });

  it("answers GET /api/v1/clients with the key's agency's clients only, records the use and the last-used time", async () => {
    const mine = await makeClient(agency, "Mine Ltd");
    const theirs = await makeClient(other, "Theirs Ltd");
    const { key, secret } = await newKey(agency);
    const response = await call("/api/v1/clients", secret);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { id: string; name: string }[] };
    expect(body.data.map((c) => c.id)).toContain(mine.id);
    expect(body.data.map((c) => c.id)).not.toContain(theirs.id);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.lastUsedAt).not.toBeNull();
    const event = await db.event.findFirstOrThrow({ where: { agencyId: agency.agencyId, type: "api.key_used", actorId: key.id } });
    expect(event.actorType).toBe("api");
    expect(JSON.parse(event.details)).toMatchObject({ method: "GET", path: "/api/v1/clients", status: 200 });
  });

  it("refuses a missing, unknown, revoked or expired key with a 401 problem", async () => {
    await expectProblem(await call("/api/v1/clients", null), 401);
    await expectProblem(await call("/api/v1/clients", "olp_abcdefgh_notarealsecretnotarealsecret"), 401);
    const revoked = await newKey(agency);
    expect((await call("/api/v1/clients", revoked.secret)).status).toBe(200);
    await revokeApiKey(agency.agencyId, revoked.key.id, agency.actor);
    expect((await expectProblem(await call("/api/v1/clients", revoked.secret), 401)).detail).toMatch(/revoked/);
    const expired = await newKey(agency);
    // The key's expiry has passed.
    await db.apiKey.update({ where: { id: expired.key.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await expectProblem(await call("/api/v1/clients", expired.secret), 401)).detail).toMatch(/expired/);
  });

  it("refuses a call outside the key's scopes with a 403 problem and changes nothing", async () => {
    const readOnly = await newKey(agency, ["clients:read"]);
    const before = await db.client.count({ where: { agencyId: agency.agencyId } });
    const body = await expectProblem(
      await call("/api/v1/clients", readOnly.secret, {
        method: "POST",
        body: { name: "X", contactName: "Y", contactEmail: "y@x.example" },
      }),
      403,
    );
    expect(body.detail).toContain("clients:write");
    expect(await db.client.count({ where: { agencyId: agency.agencyId } })).toBe(before);
    const linksOnly = await newKey(agency, ["links:read"]);
    await expectProblem(await call("/api/v1/clients", linksOnly.secret), 403);
  });

  it("answers another agency's client id with a 404 problem, its own with the client", async () => {
    const { secret } = await newKey(agency);
    const theirs = await makeClient(other, "Foreign Co");
    await expectProblem(await call(`/api/v1/clients/${theirs.id}`, secret), 404);
    const mine = await makeClient(agency, "Own Co");
    const response = await call(`/api/v1/clients/${mine.id}`, secret);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { name: string; sites: unknown[] } };
    expect(body.data.name).toBe("Own Co");
    expect(body.data.sites).toHaveLength(2);
  });

  it("creates a client with POST through ClientSchema, names the wrong field, and records the domain's event as the key", async () => {
    const { key, secret } = await newKey(agency);
    const bad = await expectProblem(
      await call("/api/v1/clients", secret, {
        method: "POST",
        body: { name: "Bad Email Co", contactName: "Bo", contactEmail: "not-an-email" },
      }),
      422,
    );
    expect(bad.errors?.map((e) => e.field)).toEqual(["contactEmail"]);
    expect(await db.client.count({ where: { name: "Bad Email Co" } })).toBe(0);

    // Sent like a script would, from no page at all: no Origin, no cookie.
    const response = await call("/api/v1/clients", secret, {
      method: "POST",
      body: {
        name: "Api Made Co",
        contactName: "Ann",
        contactEmail: "ann@api-made.example",
        sites: [{ hotjarSiteId: "3456789", name: "api-made.example" }],
      },
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { data: { id: string; sites: { hotjarSiteId: string }[] } };
    expect(created.data.sites.map((s) => s.hotjarSiteId)).toEqual(["3456789"]);
    const row = await db.client.findUniqueOrThrow({ where: { id: created.data.id } });
    expect(row.agencyId).toBe(agency.agencyId);
    const event = await db.event.findFirstOrThrow({ where: { type: "client.created", clientId: row.id } });
    expect(event).toMatchObject({ actorType: "api", actorId: key.id });
  });

  it("lets bearer POSTs past the Origin check, and answers a cookie-only cross-site POST with the API's 401 problem", async () => {
    const { secret } = await newKey(agency);
    const withOrigin = await call("/api/v1/clients", secret, {
      method: "POST",
      headers: { Origin: "https://evil.example" },
      body: { name: "Origin Co", contactName: "Ola", contactEmail: "ola@origin.example" },
    });
    expect(withOrigin.status).toBe(201);
    const cookie = (await startSession(agency.userId)).split(";")[0]!;
    const forged = await call("/api/v1/clients", null, {
      method: "POST",
      headers: { Origin: "https://evil.example", Cookie: cookie },
      body: { name: "Forged Co", contactName: "Eve", contactEmail: "eve@evil.example" },
    });
    // The cookie never reaches the API: no key, a 401 problem document an API client can read.
    await expectProblem(forged, 401);
    // Even same-origin, a session cookie opens nothing in the API: the key is the only credential.
    const sameOrigin = await call("/api/v1/clients", null, { headers: { Cookie: cookie } });
    await expectProblem(sameOrigin, 401);
    expect(await db.client.count({ where: { name: "Forged Co" } })).toBe(0);
  });

  it("pages with ?limit= and the nextCursor it returns, each client once", async () => {
    const paged = await makeAgency("Paged Agency");
    for (const name of ["Alpha", "Bravo", "Charlie"]) await makeClient(paged, name);
    const { secret } = await newKey(paged, ["clients:read"]);
    const first = (await (await call("/api/v1/clients?limit=2", secret)).json()) as { data: { name: string }[]; nextCursor: string | null };
    expect(first.data.map((c) => c.name)).toEqual(["Alpha", "Bravo"]);
    expect(first.nextCursor).toBeTruthy();
    const second = (await (await call(`/api/v1/clients?limit=2&cursor=${first.nextCursor}`, secret)).json()) as typeof first;
    expect(second.data.map((c) => c.name)).toEqual(["Charlie"]);
    expect(second.nextCursor).toBeNull();
    const tooMany = await expectProblem(await call("/api/v1/clients?limit=1000", secret), 422);
    expect(tooMany.errors?.[0]?.field).toBe("limit");
  });

  describe("rate limit", () => {
    afterEach(() => setRateLimitScale(1));
    it("refuses a key past its limit with a 429 problem and Retry-After, other keys unaffected", async () => {
      // 300 calls a minute scaled down to 3.
      setRateLimitScale(0.01);
      const busy = await newKey(agency);
      for (let i = 0; i < 3; i++) expect((await call("/api/v1/clients", busy.secret)).status).toBe(200);
      const refused = await call("/api/v1/clients", busy.secret);
      await expectProblem(refused, 429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      const calm = await newKey(agency);
      expect((await call("/api/v1/clients", calm.secret)).status).toBe(200);
    });
  });
});
