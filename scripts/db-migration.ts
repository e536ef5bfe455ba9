// Migrations for both providers from the one schema. prisma/schema.prisma is the source; the
// PostgreSQL variant (prisma/postgres/schema.prisma) is generated from it here, and each
// provider's next migration is the diff between a snapshot of the schema as of its last
// migration and the schema now. `prisma migrate dev` cannot run here (docs/decisions/003, 021).
//   npm run db:migration -- NAME     write <stamp>_NAME/migration.sql for each provider that changed
//   npm run db:migration -- --check  exit 1 when a schema has changes no migration holds, or the
//                                    PostgreSQL variant is not what the schema generates
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import type { DatabaseProvider } from "../app/modules/db/database-url";
import { PRISMA_DIRS } from "../app/modules/db/database-url";
import { derivePostgresSchema } from "./postgres-schema";

const root = process.cwd();
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");
const sourceSchema = path.join(root, "prisma", "schema.prisma");
const PROVIDERS: DatabaseProvider[] = ["sqlite", "postgresql"];

const dirOf = (provider: DatabaseProvider) => path.join(root, PRISMA_DIRS[provider]);
const schemaOf = (provider: DatabaseProvider) => path.join(dirOf(provider), "schema.prisma");
const migrationsOf = (provider: DatabaseProvider) => path.join(dirOf(provider), "migrations");
const snapshotOf = (provider: DatabaseProvider) => path.join(migrationsOf(provider), "schema.snapshot.prisma");

// The SQL dialect follows the schema's provider, so both diffs run through the SQLite config
// (a throw-away file): no PostgreSQL server is needed to write PostgreSQL migrations.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "portal-migration-"));
process.on("exit", () => fs.rmSync(scratch, { recursive: true, force: true }));

function diff(provider: DatabaseProvider, schemaFile: string): string {
  const snapshot = snapshotOf(provider);
  const from = fs.existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  return execFileSync(prismaBin, ["migrate", "diff", ...from, "--to-schema-datamodel", schemaFile, "--script"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, DATABASE_URL: `file:${path.join(scratch, "diff.db")}`, DATA_DIR: scratch, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}

function isEmpty(sql: string): boolean {
  return sql.split("\n").every((line) => line.trim() === "" || line.trim().startsWith("--"));
}

const arg = process.argv[2];
if (!arg) {
  console.error("usage: npm run db:migration -- NAME | --check");
  process.exit(2);
}

const postgresSchema = derivePostgresSchema(fs.readFileSync(sourceSchema, "utf8"));

if (arg === "--check") {
  // Diff against the generated text, not the checked-in file, so a stale variant fails twice over.
  const generated = path.join(scratch, "postgres.prisma");
  fs.writeFileSync(generated, postgresSchema);
  const problems: string[] = [];
  const checkedIn = fs.existsSync(schemaOf("postgresql")) ? fs.readFileSync(schemaOf("postgresql"), "utf8") : "";
  if (checkedIn !== postgresSchema) problems.push(`${PRISMA_DIRS.postgresql}/schema.prisma is not what prisma/schema.prisma generates`);
  for (const provider of PROVIDERS) {
    if (!isEmpty(diff(provider, provider === "sqlite" ? sourceSchema : generated))) {
      problems.push(`the ${provider} migrations do not hold every change of prisma/schema.prisma`);
    }
  }
  if (problems.length > 0) {
    for (const problem of problems) console.error(problem);
    console.error("run npm run db:migration -- NAME and commit what it writes");
    process.exit(1);
  }
  console.log("migrations match the schema (sqlite, postgresql)");
  process.exit(0);
}

if (!/^[a-z0-9_]+$/.test(arg)) {
  console.error("migration name: lowercase letters, digits and _ only");
  process.exit(2);
}

fs.mkdirSync(migrationsOf("postgresql"), { recursive: true });
fs.writeFileSync(schemaOf("postgresql"), postgresSchema);
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
let wrote = 0;
for (const provider of PROVIDERS) {
  const sql = diff(provider, schemaOf(provider));
  if (isEmpty(sql)) continue;
  const dir = path.join(migrationsOf(provider), `${stamp}_${arg}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql);
  fs.writeFileSync(path.join(migrationsOf(provider), "migration_lock.toml"), `provider = "${provider}"\n`);
  fs.copyFileSync(schemaOf(provider), snapshotOf(provider));
  console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
  wrote++;
}
if (wrote === 0) console.log("no schema changes: nothing written");
