// Prisma CLI configuration. Driver adapter + `engine: "js"` make the CLI use its bundled
// WebAssembly schema engine, so nothing is downloaded (see docs/decisions/003). DATABASE_URL
// picks the provider: the SQLite schema and its migrations, or the PostgreSQL variant generated
// from it (docs/decisions/021).
import fs from "node:fs";
import path from "node:path";

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";

import { databaseProvider, PRISMA_DIRS, resolveDatabaseUrl, resolveDataDir } from "./app/modules/db/database-url";

// The CLI does not load .env when a config file exists, and fails silently (then tries a
// download) when env("DATABASE_URL") is unset: default it here.
process.env.DATABASE_URL = resolveDatabaseUrl(process.env);
const provider = databaseProvider(process.env.DATABASE_URL);

if (provider === "sqlite") {
  // The adapter opens the file eagerly (even for `migrate diff`): its folder must exist.
  fs.mkdirSync(resolveDataDir(process.env), { recursive: true });
} else {
  // prisma/orm#27403: the PostgreSQL adapter cannot read the `name` and `"char"` columns (and
  // their arrays) that the migration engine selects from pg_catalog. Report them as text and
  // text[]; only the CLI reads such columns, so the app's client is left alone.
  const TEXT_LIKE: Record<number, number> = { 19: 25, 18: 25, 1003: 1009, 1002: 1009 };
  const proto = pg.Result.prototype as unknown as { addFields(fields: { dataTypeID: number }[]): void };
  const addFields = proto.addFields;
  proto.addFields = function (fields) {
    for (const field of fields) field.dataTypeID = TEXT_LIKE[field.dataTypeID] ?? field.dataTypeID;
    return addFields.call(this, fields);
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(PRISMA_DIRS[provider], "schema.prisma"),
  async adapter() {
    const url = process.env.DATABASE_URL!;
    if (provider === "sqlite") return new PrismaBetterSQLite3({ url });
    // allowExitOnIdle: without it every CLI command lingers ~10 s on exit.
    return new PrismaPg({ connectionString: url, allowExitOnIdle: true });
  },
});
