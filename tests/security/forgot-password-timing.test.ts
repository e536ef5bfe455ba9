// "Forgot password" must not tell which addresses have an account, by its answer or by its
// timing (issue 17, docs/decisions/046): a known and an unknown address get the same response
// after the same work. Observed as login-timing.test.ts does, instead of timing it: every SQL
// statement the app runs (the app's client is built here on a recording adapter, before any app
// module is loaded) and every argon2 call. Over real HTTP: Express, Remix and the real route.
import { vi } from "vitest";

vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...real, hash: vi.fn(real.hash), verify: vi.fn(real.verify) };
});

import { hash, verify } from "@node-rs/argon2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { installRecordingDb, statementKind } from "../support/recording-db";

// Generous limits: this suite observes the request's work, not the limiter (which counts known
// and unknown addresses alike). Read once, at the limiter's first use.
process.env.RATE_LIMIT_SCALE = "1000";

const statements = installRecordingDb();

const { db } = await import("~/modules/db/db.server");
const { processPasswordResetRequests } = await import("~/modules/auth/password-reset.server");
const forgotRoute = await import("~/routes/forgot-password");
const { testBuild } = await import("../support/remix-build");
const { startAppServer } = await import("../support/app-server");
const { makeAgency } = await import("../integration/helpers");
type TestServer = Awaited<ReturnType<typeof startAppServer>>;

let server: TestServer;
let known: { email: string; userId: string };
const UNKNOWN = "nobody-here@agency.example";

async function forgot(email: string) {
  statements.length = 0;
  vi.mocked(hash).mockClear();
  vi.mocked(verify).mockClear();
  const response = await fetch(`${server.url}/forgot-password`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.origin, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email }),
  });
  return {
    status: response.status,
    location: response.headers.get("Location"),
    body: await response.text(),
    sql: [...statements],
    kinds: statements.map(statementKind),
    argon2: vi.mocked(verify).mock.calls.length + vi.mocked(hash).mock.calls.length,
  };
}

beforeAll(async () => {
  server = await startAppServer(
    testBuild([{ id: "routes/forgot-password", path: "forgot-password", module: forgotRoute as unknown as Record<string, unknown> }]),
  );
  known = await makeAgency("Forgetful Agency");
  // Once per process: the limiters' first use.
  await forgot(UNKNOWN);
  await forgot(known.email);
});
afterAll(() => server?.close());

describe("forgot password reveals no account", () => {
  it("a known and an unknown address get the same answer after the same statements, with no read of User", async () => {
    for (let round = 0; round < 4; round++) {
      const [a, b] = round % 2 ? [UNKNOWN, known.email] : [known.email, UNKNOWN];
      const first = await forgot(a);
      const second = await forgot(b);
      const [forKnown, forUnknown] = a === known.email ? [first, second] : [second, first];
      expect(forKnown.status).toBe(303);
      expect(forKnown.location).toBe("/forgot-password?sent=1");
      expect({ status: forUnknown.status, location: forUnknown.location, body: forUnknown.body }).toEqual({
        status: forKnown.status,
        location: forKnown.location,
        body: forKnown.body,
      });
      expect(forUnknown.kinds).toEqual(forKnown.kinds);
      expect(forUnknown.sql).toEqual(forKnown.sql);
      expect(forKnown.argon2).toBe(0);
    }
  });

  it("what that work is: the two limits and one row for the request", async () => {
    expect((await forgot(UNKNOWN)).kinds).toEqual([
      // The network address's and the address's counts: the library's store clears an expired
      // window, then adds the point (two statements each).
      "write RateLimiterFlexible",
      "write RateLimiterFlexible",
      "write RateLimiterFlexible",
      "write RateLimiterFlexible",
      "write PasswordResetRequest", // turned into the email by the worker
    ]);
  });

  it("the worker sends the known address its link; the unknown one leaves nothing", async () => {
    await processPasswordResetRequests();
    await forgot(known.email);
    await forgot(UNKNOWN);
    expect(await processPasswordResetRequests()).toBe(2);
    expect(await db.outboundEmail.count({ where: { template: "password-reset", to: known.email } })).toBeGreaterThan(0);
    expect(await db.outboundEmail.count({ where: { to: UNKNOWN } })).toBe(0);
    expect(await db.accountToken.count({ where: { email: UNKNOWN } })).toBe(0);
  });
});
