// Prisma CLI configuration. Driver adapter + `engine: "js"` make the CLI use its bundled
// WebAssembly schema engine, so nothing is downloaded (see docs/decisions/003).
import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { resolveDataDir, resolveDatabaseUrl } from "./app/modules/db/database-url";

// The CLI does not load .env when a config file exists, and fails silently (then tries a
// download) when env("DATABASE_URL") is unset: default it here.
process.env.DATABASE_URL = resolveDatabaseUrl(process.env);
// The adapter opens the file eagerly (even for `migrate diff`): its folder must exist.
fs.mkdirSync(resolveDataDir(process.env), { recursive: true });

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL! });
  },
});
