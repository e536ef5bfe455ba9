// The app shares one SQLite connection for writes: a standalone write made while another
// request's transaction is open must neither join that transaction nor vanish when it rolls back.
// Standalone reads use a second connection: they answer during a long write, with the last commit.
import { describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";

import { makeAgency } from "./helpers";

describe("one connection, many requests", () => {
  it("keeps a standalone write made during another transaction that rolls back", async () => {
    const agency = await makeAgency();
    let enteredTransaction!: () => void;
    const inside = new Promise<void>((resolve) => (enteredTransaction = resolve));

    const failing = db.$transaction(async (tx) => {
      await tx.agency.update({ where: { id: agency.agencyId }, data: { name: "Renamed inside a doomed transaction" } });
      enteredTransaction();
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error("refused: roll back");
    });
    await inside;
    // Another request logs in meanwhile (a standalone insert of its session).
    // Prisma queries start when awaited: Promise.resolve starts this one now, mid-transaction.
    const standalone = Promise.resolve(
      db.session.create({ data: { id: "session-during-rollback", userId: agency.userId, expiresAt: new Date(Date.now() + 60_000) } }),
    );

    await expect(failing).rejects.toThrow("refused: roll back");
    await standalone;
    expect(await db.session.findUnique({ where: { id: "session-during-rollback" } })).not.toBeNull();
    const row = await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } });
    expect(row.name).not.toBe("Renamed inside a doomed transaction");
  });

  it("answers a page's reads while another request's transaction is still writing, with what was committed", async () => {
    const agency = await makeAgency();
    let enteredTransaction!: () => void;
    const inside = new Promise<void>((resolve) => (enteredTransaction = resolve));
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    // A long write (a CSV upload's create) that holds the writer until this test lets it go.
    const writing = db.$transaction(async (tx) => {
      await tx.agency.update({ where: { id: agency.agencyId }, data: { name: "Renamed, not yet committed" } });
      enteredTransaction();
      await held;
    });
    await inside;
    // Read while it is open: answered now (the test would hang here otherwise), without its change.
    const during = await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } });
    expect(during.name).not.toBe("Renamed, not yet committed");
    finish();
    await writing;
    expect((await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).name).toBe("Renamed, not yet committed");
  });
});
