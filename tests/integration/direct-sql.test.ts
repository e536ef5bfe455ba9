// Direct statements (docs/decisions/025, 026) on the app's own client, on SQLite and, in CI, on
// PostgreSQL: what they write reads back through Prisma unchanged, a transaction that throws
// leaves nothing behind, and on SQLite a Prisma query never runs inside another's transaction.
import { describe, expect, it } from "vitest";
import { db, sql } from "~/modules/db/db.server";
import { createDbClient, directSqlOf } from "~/modules/db/client.server";
import { newId } from "~/modules/db/direct-sql.server";
import { onPostgres } from "../setup/test-database";
import { makeAgency } from "./helpers";

describe("direct statements", () => {
  it("rows written directly read back through Prisma, dates and nulls included", async () => {
    const agency = await makeAgency("Direct Rows");
    const createdAt = new Date("2026-11-23T10:11:12.345Z");
    const id = newId();
    await sql.insert("Event", [{ id, agencyId: agency.agencyId, actorType: "system", actorId: null, type: "test.direct", details: '{"a":1}', createdAt }]);
    const event = await db.event.findUniqueOrThrow({ where: { id } });
    expect(event).toMatchObject({ agencyId: agency.agencyId, actorType: "system", actorId: null, actorLabel: null, type: "test.direct", details: '{"a":1}' });
    expect(event.createdAt.toISOString()).toBe(createdAt.toISOString());
    // Prisma's own date filters find it: the stored format is Prisma's.
    expect(await db.event.count({ where: { id, createdAt: { gte: createdAt, lte: createdAt } } })).toBe(1);
    const [row] = await sql.query(`SELECT "type", "createdAt" FROM "Event" WHERE "id" = ?`, [id]);
    expect(row!.type).toBe("test.direct");
    expect(new Date(row!.createdAt as string).getTime()).toBe(createdAt.getTime());
  });

  it("a transaction that throws writes nothing", async () => {
    const agency = await makeAgency("Direct Rollback");
    const id = newId();
    await expect(
      sql.transaction(async (tx) => {
        await tx.insert("Event", [{ id, agencyId: agency.agencyId, actorType: "system", type: "test.rollback", createdAt: new Date() }]);
        expect(await tx.query(`SELECT "id" FROM "Event" WHERE "id" = ?`, [id])).toHaveLength(1);
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect(await db.event.findUnique({ where: { id } })).toBeNull();
    // And the connection is free again.
    expect(await sql.transaction(async (tx) => tx.execute(`UPDATE "Agency" SET "name" = ? WHERE "id" = ?`, ["Direct Rollback 2", agency.agencyId]))).toBe(1);
  });

  it("a Prisma query during a direct transaction does not see its uncommitted rows", async () => {
    const agency = await makeAgency("Direct Isolation");
    const id = newId();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    const transaction = sql.transaction(async (tx) => {
      await tx.insert("Event", [{ id, agencyId: agency.agencyId, actorType: "system", type: "test.isolation", createdAt: new Date() }]);
      inserted();
      await held;
      throw new Error("rolled back");
    });
    await insertedYet;
    const seen = db.event.findUnique({ where: { id } });
    release();
    await expect(transaction).rejects.toThrow("rolled back");
    expect(await seen).toBeNull();
  });

  it("statements keep working after the client reconnects", async () => {
    const query = `SELECT "name" FROM "Agency" WHERE "name" = ?`;
    const agency = await makeAgency("Reconnected Agency");
    const name = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).name;
    expect(await sql.query(query, [name])).toEqual([{ name }]);
    await db.$disconnect();
    expect(await sql.query(query, [name])).toEqual([{ name }]);
    expect(await sql.transaction((tx) => tx.query(query, [name]))).toEqual([{ name }]);
  });

  it("transactions at the same time each keep or lose only their own writes", async () => {
    const agency = await makeAgency("Direct Together");
    const ids = Array.from({ length: 6 }, () => newId());
    const outcomes = await Promise.allSettled(
      ids.map((id, i) =>
        sql.transaction(async (tx) => {
          await tx.insert("Event", [{ id, agencyId: agency.agencyId, actorType: "system", type: `test.together.${i}`, createdAt: new Date() }]);
          // The earlier members' rows are there (committed or, on SQLite, in the same commit).
          const before = await tx.query(`SELECT "id" FROM "Event" WHERE "agencyId" = ? AND "type" LIKE 'test.together.%'`, [agency.agencyId]);
          if (i === 2) throw new Error(`member ${i} stops`);
          return { i, seen: before.length };
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
    if (!onPostgres) {
      // On SQLite they ran as one batch, in order: each saw the members before it, but not the
      // one rolled back to its savepoint.
      expect(outcomes.flatMap((o) => (o.status === "fulfilled" ? [(o.value as { seen: number }).seen] : []))).toEqual([1, 2, 3, 4, 5]);
    }
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ message: "member 2 stops" });
    expect(outcomes.flatMap((o) => (o.status === "fulfilled" ? [(o.value as { i: number }).i] : []))).toEqual([0, 1, 3, 4, 5]);
    const kept = await db.event.findMany({ where: { agencyId: agency.agencyId, type: { startsWith: "test.together." } }, orderBy: { type: "asc" } });
    expect(kept.map((e) => e.id)).toEqual([ids[0], ids[1], ids[3], ids[4], ids[5]]);
    // And the connection is free for the next one.
    expect(await sql.transaction((tx) => tx.query(`SELECT "name" FROM "Agency" WHERE "id" = ?`, [agency.agencyId]))).toEqual([{ name: "Direct Together" }]);
  });

  it("a member whose write fails loses it, and the others still commit", async () => {
    const agency = await makeAgency("Direct Failing Member");
    const twin = newId();
    await sql.insert("Event", [{ id: twin, agencyId: agency.agencyId, actorType: "system", type: "test.first", createdAt: new Date() }]);
    const other = newId();
    const results = await Promise.allSettled([
      sql.transaction((tx) => tx.execute(`UPDATE "Agency" SET "logoUrl" = ? WHERE "id" = ?`, ["https://logo.example/x.png", agency.agencyId])),
      // The same id again: the database refuses it, inside this member only.
      sql.transaction(async (tx) => {
        await tx.execute(`UPDATE "Agency" SET "name" = ? WHERE "id" = ?`, ["Renamed, then undone", agency.agencyId]);
        await tx.insert("Event", [{ id: twin, agencyId: agency.agencyId, actorType: "system", type: "test.twin", createdAt: new Date() }]);
      }),
      sql.transaction((tx) => tx.insert("Event", [{ id: other, agencyId: agency.agencyId, actorType: "system", type: "test.other", createdAt: new Date() }])),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const row = await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } });
    expect(row).toMatchObject({ name: "Direct Failing Member", logoUrl: "https://logo.example/x.png" });
    expect((await db.event.findUniqueOrThrow({ where: { id: twin } })).type).toBe("test.first");
    expect((await db.event.findUniqueOrThrow({ where: { id: other } })).type).toBe("test.other");
  });

  it.runIf(!onPostgres)("on SQLite a member's rows are committed when its promise resolves, and its handle closes with its turn", async () => {
    const agency = await makeAgency("Direct Committed");
    const { default: Database } = await import("better-sqlite3");
    // Another connection to the same file sees only what is committed.
    const file = process.env.DATABASE_URL!.replace(/^file:/, "");
    const reader = new Database(file, { readonly: true });
    try {
      const visible = (id: string) => reader.prepare(`SELECT count(*) AS n FROM "Event" WHERE "id" = ?`).get(id) as { n: number };
      let leftOver!: Promise<unknown>;
      const ids = [newId(), newId(), newId()];
      const seenOnResolve = await Promise.all(
        ids.map((id, i) =>
          sql
            .transaction(async (tx) => {
              await tx.insert("Event", [{ id, agencyId: agency.agencyId, actorType: "system", type: "test.committed", createdAt: new Date() }]);
              // A statement started after its transaction has returned is refused, not run in another member's.
              if (i === 0) leftOver = new Promise((r) => setTimeout(r, 0)).then(() => tx.execute(`DELETE FROM "Event" WHERE "id" = ?`, [id]));
            })
            .then(() => visible(id).n),
        ),
      );
      expect(seenOnResolve).toEqual([1, 1, 1]);
      await expect(leftOver).rejects.toThrow("after the transaction ended");
      expect(visible(ids[0]!).n).toBe(1);
    } finally {
      reader.close();
    }
  });

  it.runIf(onPostgres)("behind PgBouncer (pgbouncer=true) nothing is named", async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.searchParams.set("pgbouncer", "true");
    const client = createDbClient(url.toString());
    try {
      const query = `SELECT "id" FROM "Agency" WHERE "name" = ? AND 'pgbouncer' = 'pgbouncer'`;
      await directSqlOf(client).query(query, ["nobody"]);
      await directSqlOf(client).query(query, ["nobody"]);
      expect(await directSqlOf(client).query(`SELECT count(*) AS n FROM pg_prepared_statements WHERE "statement" = ?`, [query.replace("?", "$1")])).toEqual([{ n: "0" }]);
    } finally {
      await client.$disconnect();
    }
  });

  it.runIf(onPostgres)("on PostgreSQL each text is prepared once per connection and reused", async () => {
    const agency = await makeAgency("Prepared Agency");
    const query = `SELECT "name" FROM "Agency" WHERE "id" = ?`;
    // One at a time, so the pool hands back the same connection each time.
    for (let i = 0; i < 3; i++) expect(await sql.query(query, [agency.agencyId])).toEqual([{ name: "Prepared Agency" }]);
    const prepared = await sql.query(`SELECT "name", "statement" FROM pg_prepared_statements WHERE "statement" = ?`, [query.replace("?", "$1")]);
    expect(prepared).toEqual([{ name: expect.stringMatching(/^portal_[0-9a-f]{24}$/), statement: query.replace("?", "$1") }]);
    // A failure in a prepared statement is still the adapter's error, which the app classifies.
    const now = new Date();
    await expect(sql.insert("Agency", [{ id: agency.agencyId, name: "Twin", slug: `twin-${agency.agencyId}`, granteeEmail: "twin@agency.example", createdAt: now, updatedAt: now }])).rejects.toMatchObject({
      cause: { kind: "UniqueConstraintViolation" },
    });
  });

  it("ids are cuid-like and ordered by time", () => {
    const early = newId(Date.UTC(2026, 0, 1));
    const late = newId(Date.UTC(2026, 0, 1, 0, 0, 0, 1));
    for (const id of [early, late]) expect(id).toMatch(/^c[a-z0-9]{24}$/);
    expect(early < late).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => newId(0))).size).toBe(1000);
  });
});
