// The server's logger is the app's: app/modules/http/logger.server.ts, which the Remix build
// bundles and `npm start` rebuilds when it changes (it watches app/). Both copies share one
// pino instance per process.
export { createLogger, logger, logLevelFrom, scrub, scrubPath, type Logger } from "../app/modules/http/logger.server";
