// Issue 14, part 3: a database layer that survives its own errors. Prisma 6.19 sends COMMIT or
// ROLLBACK as a statement and frees the adapter's lock (SQLite) or pooled connection
// (PostgreSQL) only after it succeeds: one failed COMMIT hung every later query until a restart.
// Faults are injected at the driver, beneath every layer of ours: the next COMMIT or ROLLBACK
// statement fails without running, as a full disk or a lost connection would make it fail.
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createAdapter, createDbClient, type Db, driverAdapter } from "~/modules/db/client.server";

const armed = { COMMIT: 0, ROLLBACK: 0 };

function failing(tx: Transaction): Transaction {
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (query) => tx.queryRaw(query),
    executeRaw(query) {
      const statement = query.sql.trim().toUpperCase() as keyof typeof armed;
      if (statement in armed && armed[statement] > 0) {
        armed[statement] -= 1;
        return Promise.reject(new Error(`injected: ${statement} failed`));
      }
      return tx.executeRaw(query);
    },
    commit: () => tx.commit(),
    rollback: () => tx.rollback(),
  };
}

function faultyDriver(driver: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: driver.provider,
    adapterName: driver.adapterName,
    connectToShadowDb: () => driver.connectToShadowDb(),
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await driver.connect();
      return {
        provider: adapter.provider,
        adapterName: adapter.adapterName,
        queryRaw: (query) => adapter.queryRaw(query),
        executeRaw: (query) => adapter.executeRaw(query),
        executeScript: (script) => adapter.executeScript(script),
        getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
        dispose: () => adapter.dispose(),
        startTransaction: async (level) => failing(await adapter.startTransaction(level)),
      };
    },
  };
}

/** `promise`, or a failure naming what hung: before the fix these never settled. */
function soon<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in 5 s (hung)`)), 5_000)),
  ]);
}

let db: Db;
beforeAll(() => {
  const url = process.env.DATABASE_URL!;
  db = createDbClient(url, createAdapter(url, faultyDriver(driverAdapter(url))));
});
afterAll(async () => {
  await db?.$disconnect();
});

const rateRow = (key: string) => ({ key, points: 1, expire: null });

describe("issue 14: a failing COMMIT or ROLLBACK frees what the transaction held", () => {
  // More failures than a PostgreSQL pool has connections (10): each one used to keep its connection.
  it("after failed COMMITs the next queries answer, and nothing of the failed transactions stays", async () => {
    for (let i = 0; i < 12; i++) {
      armed.COMMIT = 1;
      await expect(
        soon(
          db.$transaction((tx) => tx.rateLimiterFlexible.create({ data: rateRow(`commit-${i}`) })),
          `transaction ${i}`,
        ),
      ).rejects.toThrow();
      expect(await soon(db.rateLimiterFlexible.count({ where: { key: { startsWith: "commit-" } } }), `query after failure ${i}`)).toBe(0);
    }
    await soon(
      db.$transaction((tx) => tx.rateLimiterFlexible.create({ data: rateRow("commit-ok") })),
      "a transaction after the failures",
    );
    expect(await db.rateLimiterFlexible.findUnique({ where: { key: "commit-ok" } })).not.toBeNull();
  });

  it("after failed ROLLBACKs the next queries answer, and the rolled-back rows are gone", async () => {
    for (let i = 0; i < 12; i++) {
      armed.ROLLBACK = 1;
      await expect(
        soon(
          db.$transaction(async (tx) => {
            await tx.rateLimiterFlexible.create({ data: rateRow(`rollback-${i}`) });
            throw new Error("the change is refused");
          }),
          `transaction ${i}`,
        ),
      ).rejects.toThrow();
      expect(await soon(db.rateLimiterFlexible.count({ where: { key: { startsWith: "rollback-" } } }), `query after failure ${i}`)).toBe(0);
    }
  });

  it("requests waiting for the lock during the failure are served too", async () => {
    armed.COMMIT = 1;
    const failed = db.$transaction((tx) => tx.rateLimiterFlexible.create({ data: rateRow("queued-fail") }));
    const waiting = Array.from({ length: 5 }, (_, i) => db.rateLimiterFlexible.create({ data: rateRow(`queued-${i}`) }));
    await expect(soon(failed, "the failing transaction")).rejects.toThrow();
    await soon(Promise.all(waiting), "the queries queued behind it");
    expect(await db.rateLimiterFlexible.count({ where: { key: { startsWith: "queued-" } } })).toBe(5);
  });
});
