// WAL checkpoints on a thread of their own. A checkpoint copies the WAL's pages back into the
// database file and syncs it. SQLite runs one in the commit that fills the WAL past 1,000 pages,
// so that one request (and, better-sqlite3 being synchronous, every request behind it) waits
// 5–25 ms, and up to 600 ms on a large database: under the bench's grant load, 2 s of every 12
// (docs/decisions/027). Here a worker thread with its own connection checkpoints every quarter
// second (PASSIVE: it never blocks a writer or a reader), and the app's connection no longer
// checkpoints itself.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

const INTERVAL_MS = 250;

// Plain JavaScript, so the worker needs no TypeScript loader and no file beside the server build.
const WORKER_SOURCE = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
const timer = setInterval(() => {
  try { checkpoint.get(); } catch { /* busy or gone: the next turn tries again */ }
}, workerData.intervalMs);
parentPort.once("message", () => { clearInterval(timer); try { checkpoint.get(); } catch {} db.close(); parentPort.close(); });
`;

export type Checkpointer = { stop(): Promise<void> };

/**
 * Starts checkpointing `database`'s file on a worker thread and turns off the connection's own
 * checkpoints. If the thread cannot start or fails, the connection checkpoints itself again.
 */
export function checkpointInBackground(database: Database.Database): Checkpointer | undefined {
  if (database.memory || database.readonly) return undefined;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve("better-sqlite3"), file: database.name, intervalMs: INTERVAL_MS },
  });
  worker.unref();
  const selfCheckpoints = () => {
    if (database.open) database.pragma("wal_autocheckpoint = 1000");
  };
  worker.once("error", selfCheckpoints);
  database.pragma("wal_autocheckpoint = 0");
  // A WAL that a busy moment grew is cut back to this size once checkpointed.
  database.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  return {
    async stop() {
      worker.off("error", selfCheckpoints);
      // Held open until the thread has closed its connection (a last checkpoint first).
      worker.ref();
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.postMessage("stop");
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
