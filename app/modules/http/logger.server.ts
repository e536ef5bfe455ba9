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
  "password",
  "newPassword",
  "currentPassword",
  "token",
  "apiKey",
  "secret",
  "cookie",
  "authorization",
  "RESEND_API_KEY",
  "LINK_SIGNING_KEYS",
];
const REDACT_PATHS = [
  ...REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`]),
  ...["cookie", "authorization", "set-cookie", "x-api-key"].flatMap((header) => [`headers["${header}"]`, `*.headers["${header}"]`]),
];

/**
 * A signed link or invitation token (app/modules/links/token.server.ts):
 * `<id>.<version>.<expiry>.<key id>.<43-character MAC>`. Logs match its shape, not its
 * signature: verifying needs the key ring, which would tie every log line (start-up failures
 * included) to a valid environment, and a token signed by a key since rotated out, or one with
 * characters added in transit, still has no business in a log. The lookbehind lets a match start
 * only where a run of letters and digits starts: a long line costs one pass, not one per character.
 */
const TOKEN_SHAPE = /(?<![A-Za-z0-9])[A-Za-z0-9]+(?:\.[A-Za-z0-9]+){3}\.[A-Za-z0-9_-]{43}/g;
const HAS_TOKEN_SHAPE = new RegExp(TOKEN_SHAPE.source);

/** The path segments whose next segment is a token: `/l/<token>`, `/invite/<token>`. */
const TOKEN_PREFIXES = new Set(["l", "invite"]);

/**
 * What a secret looks like inside free text (a message, a stack, a URL): link and invitation
 * URLs carry their token in the path, also percent-encoded in a `redirectTo=`; a token's shape
 * gives it away wherever it stands.
 */
const SECRET_PATTERNS: [RegExp, string][] = [
  [TOKEN_SHAPE, ":token"],
  [/((?:\/|%2F)(?:l|invite)(?:\/|%2F))(?!:token\b)(?:(?!%2F)[^/\s?#&"'\\<>])+/gi, "$1:token"],
  [/\bre_[A-Za-z0-9_]{8,}/g, "re_[redacted]"],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [redacted]"],
  [/\b(portal_session=)[^;\s"\\]+/g, "$1[redacted]"],
];

/** Replaces link/invitation tokens, API keys, bearer credentials and session ids in `text`. */
export function scrub(text: string): string {
  return SECRET_PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/**
 * `%XX` decoded until nothing changes, byte by byte: never throws on a malformed sequence, and
 * reads `%252F` as a proxy that decodes twice would. Only ASCII matters to what is looked for.
 */
function percentDecoded(text: string): string {
  let out = text;
  for (let i = 0; i < 5; i++) {
    const next = out.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === out) break;
    out = next;
  }
  return out;
}

/**
 * A URL path as logs may show it: no query string, bounded length, and every segment that holds
 * a token replaced by `:token`. A segment holds a token when, percent-decoded, it has a token's
 * shape, or when it comes after an `l` or `invite` segment in any spelling a server or proxy may
 * resolve to the token routes: any case, percent-encoded (`%6c`, `%2F` inside a segment),
 * backslashes for slashes, empty, `.` and `..` segments in between (`/l//T`, `/l/%2e/T`).
 */
export function scrubPath(url: string): string {
  let afterPrefix = false;
  const segments = (url.split(/[?#]/)[0] ?? "").split("/").map((segment) => {
    let holdsToken = false;
    for (const part of percentDecoded(segment).split(/[/\\]/)) {
      if (part === "" || part === "." || part === "..") continue;
      if (afterPrefix || HAS_TOKEN_SHAPE.test(part)) holdsToken = true;
      afterPrefix = TOKEN_PREFIXES.has(part.toLowerCase());
    }
    return holdsToken ? ":token" : segment;
  });
  return scrub(segments.join("/")).slice(0, 200);
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

/** The process's logger: the server and the app are one bundle (build/index.js), so one instance. */
export const logger: Logger = createLogger();
