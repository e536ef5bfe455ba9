// `npm start`: the portal on the embedded SQLite default, with no configuration needed.
process.env.NODE_ENV ??= "production";

import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { buildIfNeeded, loadEnvOrExit, migrateOrExit } from "./prepare";
import { createApp } from "./app";
import { logger } from "./logger";

const env = loadEnvOrExit();
buildIfNeeded();
await migrateOrExit(env.DATABASE_URL);

const build = (await import(pathToFileURL(path.join(process.cwd(), "build", "index.js")).href)) as ServerBuild;
const server = createApp(env, build).listen(env.PORT, () => {
  logger.info({ url: env.PUBLIC_URL, port: env.PORT }, "portal listening");
});
// Behind a load balancer: keep idle connections open longer than the balancer does (60 s is the
// common default), or it reuses a socket Node has just closed and the client gets a 502.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

// The email worker runs in this process unless a separate `npm run worker` does the job.
const { transportFromEnv } = await import("../app/modules/email/transports.server");
const { startWorker } = await import("../app/modules/email/worker.server");
const worker = env.RUN_WORKER ? startWorker(transportFromEnv(env), env.WORKER_POLL_MS) : null;
if (worker) logger.info({ worker: "email", transport: env.RESEND_API_KEY ? "resend" : "local mailbox" }, "email worker running");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    void (worker?.stop() ?? Promise.resolve()).then(() => process.exit(0));
  });
}
