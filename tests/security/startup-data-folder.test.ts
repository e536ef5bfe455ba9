// `npm start` (server/index.ts, as a real process) with a data folder or database file it cannot
// use: it must stop with exit code 1 and one line naming the folder or file and what to do, not
// a stack, not SQLite's CANTOPEN. Cases that fail even for root (tests and CI run as root, for
// whom chmod stops nothing): a parent that is a regular file, a folder that is a file, a file
// that is no database, a folder where the file should be; permissions only when not root.
// SQLite-only by nature: on PostgreSQL there is no data folder to get wrong.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { SERVER_BUILD } from "../../scripts/build.mjs";
import { onPostgres } from "../setup/test-database";
import { TEST_SIGNING_KEYS } from "../setup/test-env";
import { freePort } from "./support/server-process";

type Outcome = { code: number | null; output: string };

/** Starts the portal as `npm start` does with `env` and waits for it to exit (60 s at most). */
async function startUp(env: Record<string, string>): Promise<Outcome> {
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER_BUILD], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: "silent",
      RUN_WORKER: "false",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += String(d)));
  child.stderr.on("data", (d) => (output += String(d)));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output };
}

/** Exit code 1, no stack, no SQLite code, and exactly one line about `subject` that says what to do. */
function expectOneLine({ code, output }: Outcome, subject: string, advice: RegExp): string {
  expect(code, output).toBe(1);
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toContain("SQLITE_CANTOPEN");
  expect(output).not.toMatch(/^(\w*Error|node:internal)/m);
  const lines = output.split("\n").filter((line) => line.includes(subject));
  expect(lines, output).toHaveLength(1);
  expect(lines[0]).toMatch(advice);
  return lines[0]!;
}

const MAKE_WRITABLE_OR_DATA_DIR = /: make it writable by this user, or set DATA_DIR to a folder that is$/;

let dir: string;
let aFile: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-startup-"));
  aFile = path.join(dir, "a-regular-file");
  fs.writeFileSync(aFile, "not a folder\n");
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(onPostgres)("finding 10: start-up with an unwritable data folder", () => {
  it("DATA_DIR under a regular file, with the signing key to generate there: one line, exit 1", async () => {
    const folder = path.join(aFile, "data");
    const line = expectOneLine(await startUp({ DATA_DIR: folder }), folder, MAKE_WRITABLE_OR_DATA_DIR);
    expect(line).toBe(
      `cannot write the data folder ${folder} (ENOTDIR): make it writable by this user, or set DATA_DIR to a folder that is`,
    );
  });

  it("DATA_DIR under a regular file, holding the default database: one line, exit 1", async () => {
    const folder = path.join(aFile, "data");
    expectOneLine(await startUp({ DATA_DIR: folder, LINK_SIGNING_KEYS: TEST_SIGNING_KEYS }), folder, MAKE_WRITABLE_OR_DATA_DIR);
  });

  it("DATA_DIR that is itself a regular file: one line, exit 1", async () => {
    const line = expectOneLine(await startUp({ DATA_DIR: aFile, LINK_SIGNING_KEYS: TEST_SIGNING_KEYS }), aFile, MAKE_WRITABLE_OR_DATA_DIR);
    expect(line).toContain("(EEXIST)");
  });

  it("DATABASE_URL whose folder cannot be created: one line naming that folder and DATABASE_URL", async () => {
    const folder = path.join(aFile, "db");
    const outcome = await startUp({
      DATABASE_URL: `file:${path.join(folder, "portal.db")}`,
      DATA_DIR: path.join(dir, "data"),
      LINK_SIGNING_KEYS: TEST_SIGNING_KEYS,
    });
    const line = expectOneLine(outcome, folder, /: make it writable by this user, or set DATABASE_URL to a file in a folder that is$/);
    expect(line).toContain("(ENOTDIR)");
  });

  it("a usable database but a DATA_DIR the migration tool cannot create: its failure is the same one line", async () => {
    const folder = path.join(aFile, "data");
    const outcome = await startUp({
      DATABASE_URL: `file:${path.join(dir, "fresh", "portal.db")}`,
      DATA_DIR: folder,
      LINK_SIGNING_KEYS: TEST_SIGNING_KEYS,
    });
    expectOneLine(outcome, folder, MAKE_WRITABLE_OR_DATA_DIR);
    expect(outcome.output).not.toContain("External error");
  });

  it("a database file that is not a SQLite database: one line naming the file", async () => {
    const file = path.join(dir, "not-a-database.db");
    fs.writeFileSync(file, "this is a text file, not a database\n".repeat(200));
    const line = expectOneLine(
      await startUp({ DATABASE_URL: `file:${file}`, LINK_SIGNING_KEYS: TEST_SIGNING_KEYS }),
      file,
      /not a SQLite database\): restore it from a backup/,
    );
    expect(fs.readFileSync(file, "utf8")).toContain("this is a text file");
    expect(line).not.toContain("SQLITE_");
  });

  it("a folder where the database file should be: one line naming the file", async () => {
    const file = path.join(dir, "a-folder.db");
    fs.mkdirSync(file);
    expectOneLine(
      await startUp({ DATABASE_URL: `file:${file}`, LINK_SIGNING_KEYS: TEST_SIGNING_KEYS }),
      file,
      /\(EISDIR\): make it a file this user can read and write, or set DATABASE_URL to another file$/,
    );
  });

  const root = process.getuid?.() === 0;

  it.skipIf(root)("a read-only data folder (not as root): one line, exit 1", async () => {
    const folder = path.join(dir, "read-only");
    fs.mkdirSync(folder, { mode: 0o555 });
    expectOneLine(await startUp({ DATA_DIR: folder, LINK_SIGNING_KEYS: TEST_SIGNING_KEYS }), folder, MAKE_WRITABLE_OR_DATA_DIR);
  });

  it.skipIf(root)("an unreadable database file (not as root): one line, exit 1", async () => {
    const folder = path.join(dir, "locked");
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, "portal.db"), "", { mode: 0o000 });
    expectOneLine(
      await startUp({ DATA_DIR: folder, LINK_SIGNING_KEYS: TEST_SIGNING_KEYS }),
      path.join(folder, "portal.db"),
      /\(EACCES\): make it a file this user can read and write, or set DATA_DIR to another folder$/,
    );
  });
});
