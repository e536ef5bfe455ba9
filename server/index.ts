// The server's entry, compiled by `remix build` together with the app into build/index.js (one
// bundle: one copy of each module). `npm start` (scripts/start.mjs) builds it when stale and
// runs it with plain node.
import * as build from "@remix-run/dev/server-build";
import type { ServerBuild } from "@remix-run/node";

import { transportFromEnv } from "../app/modules/email/transports.server";
import { startWorker } from "../app/modules/email/worker.server";
import { settleRunningUploads } from "../app/modules/links/bulk-csv.server";
import { createApp } from "./app";
import { logger } from "./logger";
import { loadEnvOrExit, migrateOrExit } from "./prepare";

const env = loadEnvOrExit();
await migrateOrExit(env.DATABASE_URL);

const server = createApp(env, build as unknown as ServerBuild).listen(env.PORT, () => {
  logger.info({ url: env.PUBLIC_URL, port: env.PORT }, "portal listening");
});
// Behind a load balancer: keep idle connections open longer than the balancer does (60 s is the
// common default), or it reuses a socket Node has just closed and the client gets a 502.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

// The email worker runs in this process unless a separate `npm run worker` does the job.
const worker = env.RUN_WORKER ? startWorker(transportFromEnv(env), env.WORKER_POLL_MS) : null;
if (worker) logger.info({ worker: "email", transport: env.RESEND_API_KEY ? "resend" : "local mailbox" }, "email worker running");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    // A CSV upload being created ends first (or is cut off after 30 s and found interrupted later).
    void Promise.all([worker?.stop(), settleRunningUploads()]).then(() => process.exit(0));
  });
}
