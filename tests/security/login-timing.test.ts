// Finding 11 (issue 13): a failed login took 3-7 ms longer for an email that has an account: on
// top of the same password check, it read the account's memberships and agencies and wrote the
// failed-login audit events, while an unknown email stopped after one read. Now both do the same
// work (docs/decisions/039), which this suite observes instead of timing it: every SQL statement the app runs (the
// app's client is built here on a recording adapter, before any app module is loaded) and every
// argon2 call (the library's own functions, wrapped to count calls). Over real HTTP: Express,
// Remix and the real login route.
import { vi } from "vitest";

vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...real, hash: vi.fn(real.hash), verify: vi.fn(real.verify) };
});

import { hash, verify } from "@node-rs/argon2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { installRecordingDb, statementKind } from "../support/recording-db";

// Generous limits: this suite measures the failure's work, not the limiter (which counts known
// and unknown emails alike, docs/decisions/018). Read once, at the limiter's first use.
process.env.RATE_LIMIT_SCALE = "1000";

const statements = installRecordingDb();

const { db } = await import("~/modules/db/db.server");
const { auditFailedLogins } = await import("~/modules/auth/failed-logins.server");
const loginRoute = await import("~/routes/login");
const { testBuild } = await import("../support/remix-build");
const { startAppServer } = await import("../support/app-server");
const { makeAgency } = await import("../integration/helpers");
type TestServer = Awaited<ReturnType<typeof startAppServer>>;

let server: TestServer;
let known: { email: string; agencyId: string; userId: string };
const UNKNOWN = "nobody-here@agency.example";
const WRONG = "a wrong password, surely";

/** One failed login: its status, the statements it ran and the argon2 calls it made. */
async function failedLogin(email: string) {
  statements.length = 0;
  vi.mocked(hash).mockClear();
  vi.mocked(verify).mockClear();
  const response = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.origin, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: WRONG }),
  });
  const body = await response.text();
  return {
    status: response.status,
    body,
    sql: [...statements],
    kinds: statements.map(statementKind),
    verified: vi.mocked(verify).mock.calls.length,
    hashed: vi.mocked(hash).mock.calls.length,
  };
}

beforeAll(async () => {
  server = await startAppServer(
    testBuild([{ id: "routes/login", path: "login", module: loginRoute as unknown as Record<string, unknown> }]),
  );
  known = await makeAgency("Timing Agency");
  // Once per process: the limiters' first use, and the hash that unknown emails are checked against.
  await failedLogin(UNKNOWN);
  await failedLogin(known.email);
});
afterAll(() => server?.close());

describe("finding 11: login timing reveals which emails exist", () => {
  it("a failed login runs the same statements for a known and an unknown email, and verifies one hash", async () => {
    for (let round = 0; round < 4; round++) {
      const [a, b] = round % 2 ? [UNKNOWN, known.email] : [known.email, UNKNOWN];
      const first = await failedLogin(a);
      const second = await failedLogin(b);
      const [forKnown, forUnknown] = a === known.email ? [first, second] : [second, first];

      for (const attempt of [forKnown, forUnknown]) {
        expect(attempt.status).toBe(400);
        expect(attempt.body).toContain("Email or password is incorrect.");
        expect(attempt.verified).toBe(1);
        expect(attempt.hashed).toBe(0);
      }
      // The same reads and writes, table by table, in the same order: the same statements.
      expect(forUnknown.kinds).toEqual(forKnown.kinds);
      expect(forUnknown.sql).toEqual(forKnown.sql);
    }
  });

  it("what that work is: the limits, one read of the account and one row for the failure", async () => {
    expect((await failedLogin(UNKNOWN)).kinds).toEqual([
      // The address's and the account's login counts: the library's store clears an expired
      // window, then adds the point (two statements each).
      "write RateLimiterFlexible",
      "write RateLimiterFlexible",
      "write RateLimiterFlexible",
      "write RateLimiterFlexible",
      "read User",
      "write FailedLogin", // turned into audit events by the worker (docs/decisions/039)
    ]);
  });

  it("the known account's agency still gets its failed-login event from the worker; an unknown email leaves no event anywhere", async () => {
    await auditFailedLogins();
    const before = {
      known: await db.event.count({ where: { agencyId: known.agencyId, type: "auth.login_failed" } }),
      all: await db.event.count(),
    };
    const failedAt = new Date();
    await failedLogin(known.email);
    expect(await auditFailedLogins()).toBe(1);
    const event = await db.event.findFirstOrThrow({
      where: { agencyId: known.agencyId, type: "auth.login_failed" },
      orderBy: { createdAt: "desc" },
    });
    expect(event).toMatchObject({ actorType: "staff", actorId: known.userId, actorLabel: known.email });
    // Dated when the login failed, not when the worker ran; its id made by Prisma (a cuid).
    expect(event.createdAt.getTime()).toBeGreaterThanOrEqual(failedAt.getTime() - 1000);
    expect(event.id).toMatch(/^c[a-z0-9]{24}$/);
    expect(await db.event.count({ where: { agencyId: known.agencyId, type: "auth.login_failed" } })).toBe(before.known + 1);
    await failedLogin(UNKNOWN);
    expect(await auditFailedLogins()).toBe(1);
    expect(await db.event.count()).toBe(before.all + 1);
    // Nothing of either failure stays behind: the unknown email is not kept.
    expect(await db.failedLogin.count()).toBe(0);
  });
});
