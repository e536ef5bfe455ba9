// `npm run db:deploy`: applies the pending migrations of the database DATABASE_URL names (the
// embedded SQLite file by default, or PostgreSQL), as `npm start` does before it serves. For
// deployments that migrate once, before starting several instances.
import { databaseProvider, resolveDatabaseUrl } from "../app/modules/db/database-url";
import { migrate } from "../server/prepare";

const url = resolveDatabaseUrl(process.env);
try {
  databaseProvider(url);
} catch (error) {
  console.error(`Invalid environment: ${(error as Error).message}`);
  process.exit(1);
}
await migrate(url);
console.log("migrations applied");
