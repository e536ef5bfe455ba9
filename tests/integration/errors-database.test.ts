// A database that is locked, read-only or gone answers 503 "try again shortly" with Retry-After,
// and the same call succeeds once it is back: no restart, no stuck connection. The faults are
// real (tests/support/db-faults.ts): a second connection holding an exclusive lock, and the
// app's own connection refusing writes (SQLite: PRAGMA query_only, which holds even for root,
// unlike chmod 0444; PostgreSQL: read-only transactions).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { db } from "~/modules/db/db.server";
import { databaseUnavailableReason } from "~/modules/http/db-errors.server";
import { handled } from "~/modules/http/route.server";
import * as linkRoute from "~/routes/l.$token";

import { onPostgres } from "../setup/test-database";
import { captureLogs, startAppServer, type TestServer } from "../support/app-server";
import { type Lock, lockDatabase, reasons, setLockWait, setReadOnly, TEST_LOCK_WAIT_MS } from "../support/db-faults";
import { testBuild } from "../support/remix-build";
import { makeAgency, makeClient, makeLink, type TestAgency } from "./helpers";

// Wait 200 ms (TEST_LOCK_WAIT_MS) for a lock instead of the app's 5 s, to keep the tests short;
// same error. PostgreSQL takes it from the URL, before the app's client exists.
vi.hoisted(() => {
  if (!process.env.DATABASE_URL!.startsWith("postgres")) return;
  const url = new URL(process.env.DATABASE_URL!);
  url.searchParams.set("options", "-c lock_timeout=200");
  process.env.DATABASE_URL = url.toString();
});
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

let agency: TestAgency;
let clientId: string;
beforeAll(async () => {
  agency = await makeAgency();
  clientId = (await makeClient(agency)).id;
});

/** The staff "new client" service, called the way a route does: inside handled(). */
function createClientHandled(name: string) {
  const request = new Request("http://localhost:3000/a/northwind/clients/new", { method: "POST" });
  return handled({ request, context: {} }, () => makeClient(agency, name));
}

/** A link page load through the real route module's loader. */
function openLinkPage(token: string) {
  const request = new Request(`http://localhost:3000/l/${token}`, {
    headers: { "user-agent": BROWSER, "x-portal-client-ip": "203.0.113.9" },
  });
  return linkRoute.loader({ request, params: { token }, context: {} } as LoaderFunctionArgs);
}

async function expect503(promise: Promise<unknown>) {
  const thrown = await promise.then(
    () => {
      throw new Error("expected a 503 Response to be thrown");
    },
    (error: unknown) => error,
  );
  expect(thrown).toBeInstanceOf(Response);
  const response = thrown as Response;
  expect(response.status).toBe(503);
  expect(response.headers.get("Retry-After")).toBe("5");
  const body = (await response.json()) as { message: string; reference: string };
  expect(body.message).toBe("The service is busy, please try again shortly.");
  expect(body.reference).toMatch(/^[0-9A-Z]{8}$/);
  return body;
}

describe("locked by another writer (a second connection holds an exclusive lock)", () => {
  let lock: Lock | undefined;
  beforeAll(() => setLockWait(TEST_LOCK_WAIT_MS));
  afterEach(() => lock?.release());
  afterAll(() => setLockWait(5000));

  it("a staff write answers 503, then succeeds once the lock is released", async () => {
    const before = await db.client.count();
    lock = await lockDatabase();
    await expect503(createClientHandled("Locked Out Ltd"));
    await lock.release();
    const created = await createClientHandled("Locked Out Ltd");
    expect(created.name).toBe("Locked Out Ltd");
    expect(await db.client.count()).toBe(before + 1);
  });

  it("the client's link page answers 503, then opens normally", async () => {
    const link = await makeLink(agency, clientId);
    lock = await lockDatabase();
    await expect503(openLinkPage(link.token));
    await lock.release();
    const response = await openLinkPage(link.token);
    expect(response.status).toBe(200);
    expect(await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).toMatchObject({ status: "OPENED", openCount: 1 });
  });
});

describe("read-only (the connection refuses writes)", () => {
  afterEach(() => setReadOnly(false));

  it("a staff write answers 503 and changes nothing, then succeeds once writable", async () => {
    const before = await db.client.count();
    await setReadOnly(true);
    await expect503(createClientHandled("Read Only Ltd"));
    expect(await db.client.count()).toBe(before);
    await setReadOnly(false);
    expect((await createClientHandled("Read Only Ltd")).name).toBe("Read Only Ltd");
  });

  describe("through the server", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startAppServer(testBuild([{ id: "routes/l.$token", path: "l/:token", module: linkRoute }]));
    });
    afterAll(() => server.close());

    it("GET /l/<token>: a 503 page with Retry-After and a reference; the log says which route, not which token", async () => {
      const link = await makeLink(agency, clientId);
      const logs = captureLogs();
      try {
        await setReadOnly(true);
        const busy = await fetch(`${server.url}/l/${link.token}`, { headers: { "user-agent": BROWSER } });
        const page = await busy.text();
        expect(busy.status).toBe(503);
        expect(busy.headers.get("retry-after")).toBe("5");
        expect(busy.headers.get("cache-control")).toBe("no-store"); // link pages, whatever their status
        expect(page).toContain("The service is busy, please try again shortly.");
        expect(page).not.toMatch(/SQLITE|readonly|read-only|prisma|postgres|\n\s+at /i);
        const reference = /Reference <code>([0-9A-Z]{8})<\/code>/.exec(page)?.[1];
        expect(reference).toBeDefined();

        await setReadOnly(false);
        const back = await fetch(`${server.url}/l/${link.token}`, { headers: { "user-agent": BROWSER } });
        expect(back.status).toBe(200);
        await back.text();
        await new Promise((resolve) => setTimeout(resolve, 50)); // the log line is written on "close"

        const requests = logs.lines.filter((l) => l.msg === "request");
        expect(requests.map((l) => [l.route, l.status])).toEqual([
          ["/l/:token", 503],
          ["/l/:token", 200],
        ]);
        expect(requests[0]).toMatchObject({ reference, level: "warn" });
        expect(logs.lines.find((l) => l.msg === "database unavailable")).toMatchObject({ reference, database: reasons().readOnly });
        expect(logs.text()).not.toContain(link.token);
      } finally {
        logs.restore();
      }
    });
  });
});

describe("which errors mean 'unavailable'", () => {
  it(`recognises what Prisma and ${onPostgres ? "PostgreSQL" : "SQLite"} actually throw`, async () => {
    await setReadOnly(true);
    const readOnly = await db.agency.create({ data: { name: "x", slug: "x", granteeEmail: "x@x.example" } }).catch((e: unknown) => e);
    await setReadOnly(false);
    expect(databaseUnavailableReason(readOnly)).toBe(reasons().readOnly);

    const lock = await lockDatabase();
    await setLockWait(50);
    // A write: on SQLite (WAL) reads go on beside the lock holder; writes wait, then give up.
    const busy = await db.agency.create({ data: { name: "y", slug: "y-locked", granteeEmail: "y@y.example" } }).catch((e: unknown) => e);
    await lock.release();
    await setLockWait(5000);
    expect(databaseUnavailableReason(busy)).toBe(reasons().locked);
  });

  it.each([
    ["a driver error", Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" }), "SQLITE_BUSY"],
    ["an extended code", Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR_WRITE" }), "SQLITE_IOERR_WRITE"],
    [
      "a file that cannot be opened",
      Object.assign(new Error("unable to open database file"), { code: "SQLITE_CANTOPEN" }),
      "SQLITE_CANTOPEN",
    ],
    ["a table lock", Object.assign(new Error("database table is locked"), { code: "SQLITE_LOCKED" }), "SQLITE_LOCKED"],
    ["an unreachable server", Object.assign(new Error("Can't reach database server"), { code: "P1001" }), "P1001"],
    ["a closed connection", Object.assign(new Error("Server has closed the connection."), { code: "P1017" }), "P1017"],
    ["a pool timeout", Object.assign(new Error("Timed out fetching a new connection"), { code: "P2024" }), "P2024"],
    [
      "a client that could not start",
      Object.assign(new Error("boom"), { name: "PrismaClientInitializationError" }),
      "PrismaClientInitializationError",
    ],
    [
      "a transaction that could not start in time",
      Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" }),
      "Unable to start a transaction in the given time",
    ],
    ["a cause chain", new Error("wrapped", { cause: Object.assign(new Error("x"), { code: "SQLITE_READONLY" }) }), "SQLITE_READONLY"],
    [
      "a PostgreSQL lock not granted in time",
      { code: "P2010", meta: { driverAdapterError: { cause: { kind: "postgres", code: "55P03" } } } },
      "postgres 55P03",
    ],
    [
      "PostgreSQL shutting down",
      { code: "P2010", meta: { driverAdapterError: { cause: { kind: "postgres", code: "57P01" } } } },
      "postgres 57P01",
    ],
  ])("%s", (_name, error, reason) => {
    expect(databaseUnavailableReason(error)).toBe(reason);
  });

  it.each([
    ["a unique constraint", Object.assign(new Error("Unique constraint failed"), { code: "P2002" })],
    ["a missing row", Object.assign(new Error("No record was found"), { code: "P2025" })],
    ["a constraint violation", Object.assign(new Error("FOREIGN KEY constraint failed"), { code: "SQLITE_CONSTRAINT_FOREIGNKEY" })],
    ["a programming error", new TypeError("Cannot read properties of undefined")],
    ["a thrown string", "locked"],
  ])("not %s", (_name, error) => {
    expect(databaseUnavailableReason(error)).toBeNull();
  });
});
