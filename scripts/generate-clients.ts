// `prisma generate` for both providers (run by postinstall). The config picks the schema from
// DATABASE_URL, and the PostgreSQL schema only parses with a postgres:// URL in it: a URL that is
// never dialled, since generating reads no database.
import { execFileSync } from "node:child_process";
import path from "node:path";

const prisma = path.join(process.cwd(), "node_modules", ".bin", "prisma");
const urls = { sqlite: undefined, postgresql: "postgres://generate@127.0.0.1:1/none" };

for (const [provider, url] of Object.entries(urls)) {
  const env: NodeJS.ProcessEnv = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  if (url) env.DATABASE_URL = url;
  else delete env.DATABASE_URL;
  execFileSync(prisma, ["generate"], { stdio: ["ignore", "ignore", "inherit"], env });
  console.log(`generated the ${provider} client`);
}
