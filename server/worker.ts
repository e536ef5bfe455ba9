// `npm run worker`: the email worker on its own, for deployments that run it apart from the web
// server (set RUN_WORKER=false there). `--until-idle` delivers what is due, then exits.
import { logger } from "./logger";
import { loadEnvOrExit, migrate } from "./prepare";

const env = loadEnvOrExit();
await migrate(env.DATABASE_URL);

const { transportFromEnv } = await import("../app/modules/email/transports.server");
const { runWorkerCycle, startWorker } = await import("../app/modules/email/worker.server");
const transport = transportFromEnv(env);

if (process.argv.includes("--until-idle")) {
  const result = await runWorkerCycle(transport);
  logger.info(
    { worker: "email", delivered: result.outcomes.filter((o) => o === "sent").length, outcomes: result.outcomes.length },
    "email worker idle",
  );
  process.exit(0);
}

logger.info({ worker: "email", transport: transport.name, intervalMs: env.WORKER_POLL_MS }, "email worker started");
const worker = startWorker(transport, env.WORKER_POLL_MS);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void worker.stop().then(() => process.exit(0)));
}
