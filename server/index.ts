// `npm start`: the portal on the embedded SQLite default, with no configuration needed.
process.env.NODE_ENV ??= "production";

import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { buildIfNeeded, loadEnvOrExit, migrate } from "./prepare";
import { createApp } from "./app";

const env = loadEnvOrExit();
buildIfNeeded();
migrate(env.DATABASE_URL);

const build = (await import(pathToFileURL(path.join(process.cwd(), "build", "index.js")).href)) as ServerBuild;
const server = createApp(env, build).listen(env.PORT, () => {
  console.log(`portal listening on ${env.PUBLIC_URL} (port ${env.PORT})`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
