// Where the end-to-end server runs and keeps its data. Shared by playwright.config.ts (the web
// server) and the tests (seed:demo must write to the same database and sign URLs for the same host).
import { fileURLToPath } from "node:url";

// Unset, a port of this run's own (set once here, in the runner, and inherited by its workers),
// so two runs on one machine never meet on one server or one data folder.
process.env.E2E_PORT ||= String(20_000 + (process.pid % 10_000));
export const E2E_PORT = Number(process.env.E2E_PORT);
export const BASE_URL = `http://localhost:${E2E_PORT}`;
/** tests/.tmp (git-ignored), whatever directory Playwright is started from. */
export const TMP_DIR = fileURLToPath(new URL("../.tmp", import.meta.url));
/** Per-run state (database, seed output): each port its own folder. */
const RUN_DIR = `${TMP_DIR}/e2e-${E2E_PORT}`;
/** The server's SQLite file and signing key: deleted before each run. */
export const DATA_DIR = `${RUN_DIR}/e2e-data`;
/** `npm run seed:demo -- --json` output, written by the web server command before `npm start`. */
export const DEMO_SEED_FILE = `${RUN_DIR}/demo-seed.json`;

/**
 * The environment for `npm start` and `npm run seed:demo`. Anything that would point the app at
 * another database, key ring or host is unset (Node drops `undefined` values when spawning).
 */
export const serverEnv: Record<string, string | undefined> = {
  PORT: String(E2E_PORT),
  DATA_DIR,
  PUBLIC_URL: BASE_URL,
  DATABASE_URL: undefined,
  LINK_SIGNING_KEYS: undefined,
  TRUST_PROXY: undefined,
  NODE_ENV: "production",
  // Email stays on this machine (the in-app mailbox), delivered quickly by the in-process worker.
  RESEND_API_KEY: undefined,
  RESEND_BASE_URL: undefined,
  RUN_WORKER: "true",
  WORKER_POLL_MS: "300",
  // The whole suite signs up (about 60 accounts, invitations included) and logs in from
  // 127.0.0.1: ten times every rate limit (sign-ups 10 an hour per address).
  // tests/e2e/rate-limit.spec.ts counts with it.
  RATE_LIMIT_SCALE: "10",
  // tests/e2e/webhooks.spec.ts: its receiver listens on loopback, which only an allow-listed host may reach.
  WEBHOOK_ALLOW_HTTP_HOSTS: "127.0.0.1",
};
