// `npm run worker`: the email worker on its own, for deployments that run it apart from the web
// server (set RUN_WORKER=false there). `--until-idle` delivers what is due, then exits.
import { loadEnvOrExit, migrate } from "./prepare";

const env = loadEnvOrExit();
migrate(env.DATABASE_URL);

const { transportFromEnv } = await import("../app/modules/email/transports.server");
const { runWorkerCycle, startWorker } = await import("../app/modules/email/worker.server");
const transport = transportFromEnv(env);

if (process.argv.includes("--until-idle")) {
  const result = await runWorkerCycle(transport);
  console.log(JSON.stringify({ worker: "email", delivered: result.outcomes.filter((o) => o === "sent").length, outcomes: result.outcomes.length }));
  process.exit(0);
}

console.log(`email worker started (${transport.name}, every ${env.WORKER_POLL_MS} ms)`);
const worker = startWorker(transport, env.WORKER_POLL_MS);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void worker.stop().then(() => process.exit(0)));
}
