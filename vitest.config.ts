// Vitest: the pure unit tests beside the code (app/**/*.test.ts) and the integration and
// security suites against a real, migrated SQLite file. With TEST_DATABASE=postgresql
// (`npm run test:postgres`) the integration and security suites run again, each file on its own
// database of the PostgreSQL server TEST_POSTGRES_URL names. Playwright owns tests/e2e.
import { fileURLToPath } from "node:url";

import { defineConfig } from "vitest/config";

// Vite 5 prints a deprecation notice for its CJS build; harmless here.
process.env.VITE_CJS_IGNORE_WARNING ??= "true";

const onPostgres = process.env.TEST_DATABASE === "postgresql";

export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    include: onPostgres
      ? ["tests/integration/**/*.test.ts", "tests/security/**/*.test.ts"]
      : [
          "app/**/*.test.ts",
          "scripts/**/*.test.ts",
          "tests/integration/**/*.test.ts",
          "tests/security/**/*.test.ts",
          "emails/**/*.test.{ts,tsx}",
        ],
    exclude: ["node_modules/**", "build/**", "tests/e2e/**", "tests/.tmp/**"],
    environment: "node",
    // One process per test file: each file gets its own database and its own PrismaClient.
    pool: "forks",
    poolOptions: { forks: { isolate: true } },
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/per-file-db.ts"],
    // argon2 hashing and the 200-way race take a moment on a slow machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
