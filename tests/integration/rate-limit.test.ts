// The limits live in the database: two app instances (two Prisma clients on one database)
// enforce one combined count; each named limit refuses the attempt after its points and opens
// again when its window ends; a database error is an error, never read as "limited".
import fs from "node:fs";
import path from "node:path";

import { afterAll, afterEach, describe, expect, it } from "vitest";

import { createDbClient, type Db } from "~/modules/db/client.server";
import { db } from "~/modules/db/db.server";
import {
  consume,
  createRateLimits,
  type LimitName,
  type LimitRule,
  LIMITS,
  resetLimit,
  setRateLimitScale,
  storedKey,
} from "~/modules/security/rate-limit.server";

import { TMP_DIR } from "../setup/paths";
import { createDatabase, dropDatabase, onPostgres, testDatabaseName } from "../setup/test-database";

/** A database with no tables, of the provider under test. */
async function emptyDatabase(): Promise<{ url: string; remove: () => Promise<void> }> {
  if (onPostgres) {
    const name = testDatabaseName("test");
    return { url: await createDatabase(name), remove: () => dropDatabase(name) };
  }
  const file = path.join(TMP_DIR, `rate-limit-broken-${process.pid}.db`);
  fs.rmSync(file, { force: true });
  return {
    url: `file:${file}`,
    remove: async () => {
      for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    },
  };
}

/** A second app instance's client: its own connection to the same database, built as the app builds one. */
const secondInstanceClient = () => createDbClient(process.env.DATABASE_URL!);

const clients: Db[] = [];
afterAll(async () => {
  for (const client of clients) await client.$disconnect();
});

let n = 0;
const uniqueKey = (what: string) => `${what}-${++n}-${Date.now()}`;

/** Consumes one key `count` times, one after the other, and returns the results. */
async function consumeTimes(count: number, run: () => Promise<{ ok: boolean }>) {
  const results = [];
  for (let i = 0; i < count; i++) results.push(await run());
  return results;
}

describe("two app instances on one database", () => {
  const rule: LimitRule = { points: 10, duration: 60, keyPrefix: "test-shared", key: "ip" };

  it("enforce one combined count", async () => {
    const other = secondInstanceClient();
    clients.push(other);
    const a = createRateLimits({ store: db, rules: { loginIp: rule } });
    const b = createRateLimits({ store: other, rules: { loginIp: rule } });
    const ip = "198.51.100.10";

    const fromA = await consumeTimes(6, () => a.consume("loginIp", ip));
    const fromB = await consumeTimes(4, () => b.consume("loginIp", ip));
    expect([...fromA, ...fromB].every((r) => r.ok)).toBe(true);
    // Each instance alone has seen fewer than 10, but the eleventh attempt is refused by both.
    expect(await a.consume("loginIp", ip)).toMatchObject({ ok: false });
    expect(await b.consume("loginIp", ip)).toMatchObject({ ok: false });
    const row = await other.rateLimiterFlexible.findUniqueOrThrow({ where: { key: `test-shared:${storedKey(rule, ip)}` } });
    expect(row.points).toBe(12);
  });

  it("count simultaneous attempts from both exactly", async () => {
    const other = secondInstanceClient();
    clients.push(other);
    const a = createRateLimits({ store: db, rules: { loginIp: rule } });
    const b = createRateLimits({ store: other, rules: { loginIp: rule } });
    const ip = "198.51.100.11";
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).consume("loginIp", ip)));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok)).toHaveLength(20);
  });
});

/** What the end of a window looks like: the stored expiry has passed. */
async function endWindow(name: LimitName, key: string) {
  const rule = LIMITS[name];
  await db.rateLimiterFlexible.update({
    where: { key: `${rule.keyPrefix}:${storedKey(rule, key)}` },
    data: { expire: new Date(Date.now() - 1000) },
  });
}

describe("each limit", () => {
  const keys: Record<LimitName, () => string> = {
    loginAccount: () => `${uniqueKey("owner")}@agency.example`,
    loginIp: () => uniqueKey("login-ip"),
    reauthAccount: () => uniqueKey("user"),
    twoFactorUser: () => uniqueKey("user"),
    twoFactorIp: () => uniqueKey("two-factor-ip"),
    signupIp: () => uniqueKey("signup-ip"),
    newLinkRequest: () => uniqueKey("link"),
    linkForward: () => uniqueKey("link"),
    stepsReport: () => uniqueKey("link"),
    passwordResetEmail: () => `${uniqueKey("reset")}@agency.example`,
    passwordResetIp: () => uniqueKey("reset-ip"),
    verifyEmailResend: () => uniqueKey("user"),
    apiKey: () => uniqueKey("api-key"),
    intakeIp: () => uniqueKey("intake-ip"),
  };

  for (const name of Object.keys(LIMITS) as LimitName[]) {
    const { points, duration } = LIMITS[name];
    it(`${name}: ${points} per ${duration} s, then refused until the window ends`, async () => {
      const key = keys[name]();
      const allowed = await consumeTimes(points, () => consume(name, key));
      expect(allowed.every((r) => r.ok)).toBe(true);

      const refused = await consume(name, key);
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.retryAfterSeconds).toBeGreaterThan(duration - 10);
        expect(refused.retryAfterSeconds).toBeLessThanOrEqual(duration);
      }
      // Someone else is not affected.
      expect(await consume(name, keys[name]())).toEqual({ ok: true });

      await endWindow(name, key);
      expect(await consume(name, key)).toEqual({ ok: true });
    });
  }

  it("login per account: one count whatever the email's case", async () => {
    const email = `${uniqueKey("case")}@agency.example`;
    await consumeTimes(LIMITS.loginAccount.points, () => consume("loginAccount", email));
    expect(await consume("loginAccount", email.toUpperCase())).toMatchObject({ ok: false });
  });

  it("reset forgets a key's count at once", async () => {
    const email = `${uniqueKey("reset")}@agency.example`;
    await consumeTimes(LIMITS.loginAccount.points + 1, () => consume("loginAccount", email));
    await resetLimit("loginAccount", email);
    expect(await consume("loginAccount", email)).toEqual({ ok: true });
  });
});

describe("windows", () => {
  it("a short window opens again by itself once it ends, and Retry-After says when", async () => {
    const limits = createRateLimits({ store: db, rules: { signupIp: { points: 2, duration: 1, keyPrefix: "test-short", key: "ip" } } });
    const ip = "198.51.100.20";
    expect((await consumeTimes(2, () => limits.consume("signupIp", ip))).every((r) => r.ok)).toBe(true);
    expect(await limits.consume("signupIp", ip)).toEqual({ ok: false, retryAfterSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await limits.consume("signupIp", ip)).toEqual({ ok: true });
  });
});

describe("per-address limits", () => {
  it("count an IPv6 client by its /64 (it can rotate through it at will), IPv4 as it is, IPv4-mapped IPv6 as IPv4", async () => {
    const prefix = `test-ip64-${Date.now()}`;
    const limits = createRateLimits({ store: db, rules: { intakeIp: { points: 2, duration: 60, keyPrefix: prefix, key: "ip" } } });
    expect(await limits.consume("intakeIp", "2001:db8:4:7::1")).toEqual({ ok: true });
    expect(await limits.consume("intakeIp", "2001:0DB8:0004:0007:abcd:1:2:3")).toEqual({ ok: true });
    // A third address in the same /64 is the same client: refused.
    expect(await limits.consume("intakeIp", "2001:db8:4:7:ffff:ffff:ffff:fffe")).toMatchObject({ ok: false });
    // The next /64 is someone else.
    expect(await limits.consume("intakeIp", "2001:db8:4:8::1")).toEqual({ ok: true });

    expect(await limits.consume("intakeIp", "198.51.100.77")).toEqual({ ok: true });
    expect(await limits.consume("intakeIp", "::ffff:198.51.100.77")).toEqual({ ok: true });
    expect(await limits.consume("intakeIp", "::ffff:c633:644d")).toMatchObject({ ok: false });
    // Its IPv4 neighbour is not.
    expect(await limits.consume("intakeIp", "198.51.100.78")).toEqual({ ok: true });
  });
});

describe("RATE_LIMIT_SCALE", () => {
  afterEach(() => setRateLimitScale(1));

  it("multiplies every limit's points", async () => {
    setRateLimitScale(2);
    const key = uniqueKey("scaled");
    const results = await consumeTimes(LIMITS.newLinkRequest.points * 2 + 1, () => consume("newLinkRequest", key));
    expect(results.filter((r) => r.ok)).toHaveLength(LIMITS.newLinkRequest.points * 2);
    expect(results.at(-1)).toMatchObject({ ok: false });
  });
});

describe("when the database fails", () => {
  it("the error is thrown, not taken for a limit (the request fails closed)", async () => {
    // A database without the table: every query of the limiter fails.
    const empty = await emptyDatabase();
    const broken = createDbClient(empty.url);
    const limits = createRateLimits({ store: broken });
    try {
      await expect(limits.consume("loginIp", "198.51.100.30")).rejects.toThrow(/RateLimiterFlexible|no such table|does not exist/i);
    } finally {
      await broken.$disconnect();
      await empty.remove();
    }
  });
});
