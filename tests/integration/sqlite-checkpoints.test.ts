// WAL checkpoints on their own thread (docs/decisions/027): a commit on the app's SQLite
// connection no longer copies the WAL into the database file, and the thread does, soon after.
// SQLite only: PostgreSQL has no WAL of ours to checkpoint.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { db, sql } from "~/modules/db/db.server";
import { newId } from "~/modules/db/direct-sql.server";
import { onPostgres } from "../setup/test-database";
import { makeAgency } from "./helpers";

const file = () => process.env.DATABASE_URL!.replace(/^file:/, "");

describe.skipIf(onPostgres)("SQLite checkpoints", () => {
  it("the app's connection does not checkpoint; the checkpoint thread brings the file up to date", async () => {
    const agency = await makeAgency("Checkpoint Agency");
    const before = fs.statSync(file()).size;
    // About 6 MB of rows, well past the 1,000 pages (4 MB) at which a connection would checkpoint itself.
    const filler = "x".repeat(3_000);
    for (let batch = 0; batch < 20; batch++) {
      const rows = Array.from({ length: 100 }, () => ({
        id: newId(), agencyId: agency.agencyId, actorType: "system", type: "test.checkpoint", details: JSON.stringify({ filler }), createdAt: new Date(),
      }));
      await sql.insert("Event", rows);
    }
    expect(await db.event.count({ where: { type: "test.checkpoint" } })).toBe(2000);
    // The app's connection never checkpoints itself: the thread's checkpoints are the only ones.
    expect(await sql.query("PRAGMA wal_autocheckpoint")).toEqual([{ wal_autocheckpoint: 0 }]);

    const deadline = Date.now() + 5_000;
    while (fs.statSync(file()).size < before + 5_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(fs.statSync(file()).size).toBeGreaterThan(before + 5_000_000);
  });
});
