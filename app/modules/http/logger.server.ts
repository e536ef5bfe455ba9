import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `LOG_LEVEL`, else `info` (`silent` under Vitest, whose output should stay the test report). */
export function logLevelFrom(env: Partial<Record<string, string>>): LogLevel {
  const wanted = env.LOG_LEVEL?.trim().toLowerCase();
  if (wanted && (LOG_LEVELS as readonly string[]).includes(wanted)) return wanted as LogLevel;
  return env.NODE_ENV === "test" ? "silent" : "info";
}

/**
 * Structured fields that hold secrets, wherever a caller puts them: request headers, form
 * values, configuration. pino replaces their values before the line is written.
 */
const REDACTED_FIELDS = [
  "password", "newPassword", "currentPassword", "token", "apiKey", "secret", "cookie", "authorization",
  "RESEND_API_KEY", "LINK_SIGNING_KEYS",
];
const REDACT_PATHS = [
  ...REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`]),
  ...["cookie", "authorization", "set-cookie", "x-api-key"].flatMap((header) => [
    `headers["${header}"]`,
    `*.headers["${header}"]`,
  ]),
];

/**
 * What a secret looks like inside free text (a message, a stack, a URL): link and invitation
 * URLs carry their token in the path, also percent-encoded in a `redirectTo=`.
 */
const SECRET_PATTERNS: [RegExp, string][] = [
  [/((?:\/|%2F)(?:l|invite)(?:\/|%2F))(?!:token\b)(?:(?!%2F)[^/\s?#&"'\\<>])+/gi, "$1:token"],
  [/\bre_[A-Za-z0-9_]{8,}/g, "re_[redacted]"],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [redacted]"],
  [/\b(portal_session=)[^;\s"\\]+/g, "$1[redacted]"],
];

/** Replaces link/invitation tokens, API keys, bearer credentials and session ids in `text`. */
export function scrub(text: string): string {
  return SECRET_PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** A URL path as logs may show it: tokens scrubbed, no query string, bounded length. */
export function scrubPath(url: string): string {
  return scrub(url.split(/[?#]/)[0] ?? "").slice(0, 200);
}

/** Every line passes through `scrub` on its way out, whatever field the secret hid in. */
function scrubbing(destination: DestinationStream): DestinationStream {
  return { write: (line: string) => destination.write(scrub(line)) };
}

/**
 * stdout, looked up at each write (a test may replace `process.stdout.write` to read the lines).
 * Writes to a pipe or a file are synchronous on Linux: a line logged just before `process.exit`
 * is not lost.
 */
const standardOutput: DestinationStream = { write: (line: string) => process.stdout.write(line) };

export type LoggerOptions = { level?: LogLevel; destination?: DestinationStream };

/** One JSON line per event on stdout: ISO time, level as a word, secrets redacted and scrubbed. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? logLevelFrom(process.env),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    },
    scrubbing(options.destination ?? standardOutput),
  );
}

// One logger per process: the Express server (tsx) and the Remix build (which bundles its own
// copy of this module) share it, as they share the database client.
const globalForLogger = globalThis as unknown as { __portalLogger?: Logger };
export const logger: Logger = (globalForLogger.__portalLogger ??= createLogger());
