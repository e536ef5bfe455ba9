// The integration and security suites again, on PostgreSQL (`npm test` runs this after the
// SQLite run). TEST_POSTGRES_URL names a server where the suites may create and drop databases;
// .ci/run starts a throw-away one. Without it the PostgreSQL run is skipped, and says so.
import { spawnSync } from "node:child_process";
import path from "node:path";

if (!process.env.TEST_POSTGRES_URL) {
  console.log(
    "PostgreSQL suites skipped: set TEST_POSTGRES_URL=postgres://user@host:port/postgres (bash .ci/run starts a throw-away server)",
  );
  process.exit(0);
}
const vitest = path.join(process.cwd(), "node_modules", ".bin", "vitest");
const run = spawnSync(vitest, ["run", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, TEST_DATABASE: "postgresql" },
});
process.exit(run.status ?? 1);
