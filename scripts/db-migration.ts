// Writes the next migration by diffing the schema as of the last migration (a snapshot kept
// beside the migrations) against prisma/schema.prisma. `prisma migrate dev` cannot run here
// (docs/decisions/003), so this is how migrations are made.
//   npm run db:migration -- NAME     write prisma/migrations/<timestamp>_NAME/migration.sql
//   npm run db:migration -- --check  exit 1 when the schema has changes no migration holds
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = process.cwd();
const schema = path.join(root, "prisma", "schema.prisma");
const migrations = path.join(root, "prisma", "migrations");
const snapshot = path.join(migrations, "schema.snapshot.prisma");
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");

function diff(): string {
  const from = fs.existsSync(snapshot)
    ? ["--from-schema-datamodel", snapshot]
    : ["--from-empty"];
  return execFileSync(
    prismaBin,
    ["migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
}

function isEmpty(sql: string): boolean {
  return sql.split("\n").every((line) => line.trim() === "" || line.trim().startsWith("--"));
}

const arg = process.argv[2];
if (!arg) {
  console.error("usage: npm run db:migration -- NAME | --check");
  process.exit(2);
}

const sql = diff();
if (arg === "--check") {
  if (!isEmpty(sql)) {
    console.error("prisma/schema.prisma has changes that no migration holds: run npm run db:migration -- NAME");
    process.exit(1);
  }
  console.log("migrations match the schema");
  process.exit(0);
}

if (!/^[a-z0-9_]+$/.test(arg)) {
  console.error("migration name: lowercase letters, digits and _ only");
  process.exit(2);
}
if (isEmpty(sql)) {
  console.log("no schema changes: nothing written");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(migrations, `${stamp}_${arg}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
fs.writeFileSync(path.join(migrations, "migration_lock.toml"), 'provider = "sqlite"\n');
fs.copyFileSync(schema, snapshot);
console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
