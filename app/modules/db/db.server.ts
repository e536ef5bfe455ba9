import { createDbClient, type Db } from "./client.server";
import { resolveDatabaseUrl } from "./database-url";

export type { Db } from "./client.server";

// One client per process, kept across dev rebuilds (Remix re-imports the server build).
const globalForDb = globalThis as unknown as { __portalDb?: Db };
export const db: Db = (globalForDb.__portalDb ??= createDbClient(resolveDatabaseUrl(process.env)));
