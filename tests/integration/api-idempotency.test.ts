// Issue 18: `Idempotency-Key` on every POST and PATCH of /api/v1, over real HTTP. The same key
// and request give the first answer again (and change nothing more); the same key with another
// request is a 422 problem naming the header; a second call while the first runs is 409; a race
// of the same key makes one row; a claim unanswered for 2 minutes is taken over; 5xx answers are
// not kept; keys older than 24 h are purged.
import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { IDEMPOTENCY_ABANDONED_MS, IDEMPOTENCY_TTL_MS, idempotent, purgeIdempotencyKeys } from "~/modules/api/idempotency.server";
import { db } from "~/modules/db/db.server";

import type { TestServer } from "../support/app-server";
import { apiFetch, type CallInit, expectData, expectProblem, newKey, startApiServer } from "./api-helpers";
import { makeAgency, type TestAgency } from "./helpers";

let server: TestServer;
let agency: TestAgency;
let secret: string;

beforeAll(async () => {
  server = await startApiServer();
  agency = await makeAgency("Idempotent Agency");
  secret = (await newKey(agency, ["clients:read", "clients:write", "links:write"])).secret;
});
afterAll(() => server.close());

const call = (path: string, init: CallInit = {}) => apiFetch(server, path, secret, init);

function newClient(name: string, key: string) {
  return call("/api/v1/clients", {
    method: "POST",
    body: { name, contactName: "Ida Idem", contactEmail: "ida@idem.example", sites: [{ hotjarSiteId: "3456789", name: "idem.example" }] },
    headers: { "Idempotency-Key": key },
  });
}

const countNamed = (name: string) => db.client.count({ where: { agencyId: agency.agencyId, name } });

describe("Idempotency-Key", () => {
  it("answers the same key and request with the first answer again, marked replayed, and creates one client", async () => {
    const key = randomUUID();
    const first = await newClient("Once Only Ltd", key);
    const firstBody = await first.text();
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await newClient("Once Only Ltd", key);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await again.text()).toBe(firstBody);
    expect(await countNamed("Once Only Ltd")).toBe(1);
    // Without a key, each POST is its own request.
    await expectData(
      await call("/api/v1/clients", { method: "POST", body: { name: "Twice Ltd", contactName: "T", contactEmail: "t@t.example" } }),
      201,
    );
    await expectData(
      await call("/api/v1/clients", { method: "POST", body: { name: "Twice Ltd", contactName: "T", contactEmail: "t@t.example" } }),
      201,
    );
    expect(await countNamed("Twice Ltd")).toBe(2);
  });

  it("refuses the same key with another body with a 422 problem naming the header, and creates nothing", async () => {
    const key = randomUUID();
    await expectData(await newClient("First Body Ltd", key), 201);
    const other = await expectProblem(await newClient("Second Body Ltd", key), 422);
    expect(other.errors?.[0]?.field).toBe("Idempotency-Key");
    expect(other.detail).toContain("Idempotency-Key");
    expect(await countNamed("Second Body Ltd")).toBe(0);
  });

  it("keeps a key per API key: another key may use the same value", async () => {
    const key = randomUUID();
    await expectData(await newClient("Per Key Ltd", key), 201);
    const second = (await newKey(agency, ["clients:write"])).secret;
    const response = await apiFetch(server, "/api/v1/clients", second, {
      method: "POST",
      body: {
        name: "Per Key Ltd",
        contactName: "Ida Idem",
        contactEmail: "ida@idem.example",
        sites: [{ hotjarSiteId: "3456789", name: "idem.example" }],
      },
      headers: { "Idempotency-Key": key },
    });
    expect(response.headers.get("idempotent-replayed")).toBeNull();
    await expectData(response, 201);
    expect(await countNamed("Per Key Ltd")).toBe(2);
    expect((await newClient("Per Key Ltd", key)).headers.get("idempotent-replayed")).toBe("true");
    expect(await countNamed("Per Key Ltd")).toBe(2);
  });

  it("lets concurrent calls with one key create one client; the others get the first answer or a 409 problem", async () => {
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => newClient("Raced Ltd", key)));
    expect(await countNamed("Raced Ltd")).toBe(1);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const a of answers.filter((r) => r.status === 409)) expect((await expectProblem(a, 409)).detail).toContain("still running");
  });

  it("answers 409 while the first request with the key is still running", async () => {
    const key = randomUUID();
    const body = { name: "Running Ltd", contactName: "R", contactEmail: "r@r.example" };
    // The first call's row, as it is while that call runs: taken, no answer yet.
    const { createHash } = await import("node:crypto");
    const sha = (s: string) => createHash("sha256").update(s).digest("hex");
    const apiKey = await db.apiKey.findFirstOrThrow({ where: { agencyId: agency.agencyId }, orderBy: { createdAt: "asc" } });
    await db.apiIdempotencyKey.create({
      data: { apiKeyId: apiKey.id, key, requestHash: sha(`POST /api/v1/clients\n${sha(JSON.stringify(body))}`) },
    });
    const running = await expectProblem(await call("/api/v1/clients", { method: "POST", body, headers: { "Idempotency-Key": key } }), 409);
    expect(running.detail).toContain("Idempotency-Key");
    expect(await countNamed("Running Ltd")).toBe(0);
  });

  it("takes over a key whose first request died unanswered more than 2 minutes ago: one client, the key then replays", async () => {
    const body = { name: "Abandoned Ltd", contactName: "A", contactEmail: "a@a.example" };
    const { createHash } = await import("node:crypto");
    const sha = (s: string) => createHash("sha256").update(s).digest("hex");
    const apiKey = await db.apiKey.findFirstOrThrow({ where: { agencyId: agency.agencyId }, orderBy: { createdAt: "asc" } });
    const abandon = (key: string, ageMs: number) =>
      db.apiIdempotencyKey.create({
        data: {
          apiKeyId: apiKey.id,
          key,
          requestHash: sha(`POST /api/v1/clients\n${sha(JSON.stringify(body))}`),
          createdAt: new Date(Date.now() - ageMs),
        },
      });
    const post = (key: string) => call("/api/v1/clients", { method: "POST", body, headers: { "Idempotency-Key": key } });
    // A minute old: may still be running.
    const young = randomUUID();
    await abandon(young, 60_000);
    await expectProblem(await post(young), 409);
    expect(await countNamed("Abandoned Ltd")).toBe(0);
    // Three minutes old: its request died; five callers race for it and one client is made.
    const old = randomUUID();
    await abandon(old, IDEMPOTENCY_ABANDONED_MS + 60_000);
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(old)));
    expect(answers.map((a) => a.status).filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    expect(await countNamed("Abandoned Ltd")).toBe(1);
    const replayed = await post(old);
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(await countNamed("Abandoned Ltd")).toBe(1);
  });

  it("keeps a validation problem as the answer to its key, and refuses a key that is not 1-255 printable characters", async () => {
    const key = randomUUID();
    const bad = { name: "Bad Email Ltd", contactName: "B", contactEmail: "nope" };
    const first = await expectProblem(
      await call("/api/v1/clients", { method: "POST", body: bad, headers: { "Idempotency-Key": key } }),
      422,
    );
    const again = await call("/api/v1/clients", { method: "POST", body: bad, headers: { "Idempotency-Key": key } });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await expectProblem(again, 422)).toEqual(first);
    const tooLong = await expectProblem(
      await call("/api/v1/clients", { method: "POST", body: bad, headers: { "Idempotency-Key": "k".repeat(256) } }),
      422,
    );
    expect(tooLong.errors).toEqual([{ field: "Idempotency-Key", message: expect.stringContaining("255") }]);
  });

  it("keeps no 5xx answer, so the same key may be retried and then runs again", async () => {
    const key = randomUUID();
    const apiKey = await db.apiKey.findFirstOrThrow({ where: { agencyId: agency.agencyId }, orderBy: { createdAt: "asc" } });
    const request = () =>
      new Request(`${server.url}/api/v1/clients`, {
        method: "POST",
        headers: { "Idempotency-Key": key, "Content-Type": "application/json" },
        body: JSON.stringify({ name: "Retry Ltd" }),
      });
    let runs = 0;
    const failing = await idempotent(request(), apiKey.id, async () => {
      runs++;
      return new Response("busy", { status: 503 });
    });
    expect(failing.status).toBe(503);
    expect(await db.apiIdempotencyKey.count({ where: { key } })).toBe(0);
    const retried = await idempotent(request(), apiKey.id, async () => {
      runs++;
      return new Response(JSON.stringify({ data: { ok: true } }), { status: 201 });
    });
    expect(retried.status).toBe(201);
    expect(runs).toBe(2);
    const replayed = await idempotent(request(), apiKey.id, async () => {
      runs++;
      return new Response("never", { status: 500 });
    });
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(runs).toBe(2);
  });

  it("forgets keys after 24 hours (the worker's housekeeping)", async () => {
    const key = randomUUID();
    await expectData(await newClient("Old Key Ltd", key), 201);
    const row = await db.apiIdempotencyKey.findFirstOrThrow({ where: { key } });
    await purgeIdempotencyKeys(new Date(row.createdAt.getTime() + IDEMPOTENCY_TTL_MS - 1000));
    expect(await db.apiIdempotencyKey.count({ where: { key } })).toBe(1);
    await purgeIdempotencyKeys(new Date(row.createdAt.getTime() + IDEMPOTENCY_TTL_MS + 1000));
    expect(await db.apiIdempotencyKey.count({ where: { key } })).toBe(0);
  });
});
