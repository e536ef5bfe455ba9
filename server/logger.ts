// The server's logger is the app's (app/modules/http/logger.server.ts), compiled into the same
// bundle: one instance per process.
export { createLogger, type Logger, logger, logLevelFrom, scrub, scrubPath } from "../app/modules/http/logger.server";
