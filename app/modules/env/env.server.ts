import { z } from "zod";

import { resolveDatabaseUrl } from "~/modules/db/database-url";
import { parseKeyRing, type SigningKey } from "~/modules/links/token.server";

function tryUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function bool(fallback: "true" | "false") {
  return z
    .enum(["true", "false", "1", "0"], { message: "must be true or false" })
    .default(fallback)
    .transform((v) => v === "true" || v === "1");
}

/** Every environment variable the portal reads, parsed once at start-up (docs/decisions/004). */
const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["production", "development", "test"]).default("production"),
    PORT: z.coerce
      .number({ invalid_type_error: "must be a port number" })
      .int("must be a whole number")
      .min(1, "must be between 1 and 65535")
      .max(65535, "must be between 1 and 65535")
      .default(3000),
    PUBLIC_URL: z
      .string()
      .url("must be an absolute URL such as https://portal.example.com")
      // zod still runs these after .url() fails: a string that is no URL at all is already
      // reported, and must not reach `new URL` (its TypeError would bypass EnvError).
      .refine((v) => {
        const u = tryUrl(v);
        return !u || /^https?:$/.test(u.protocol);
      }, "must start with http:// or https://")
      .refine((v) => {
        const u = tryUrl(v);
        return !u || ["", "/"].includes(u.pathname);
      }, "must be an origin with no path")
      .optional(),
    DATA_DIR: z.string().min(1).default("data"),
    DATABASE_URL: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgres:// (PostgreSQL)")
      .refine((v) => {
        if (!/^postgres/.test(v)) return true;
        const u = tryUrl(v);
        return !!u && (u.hostname !== "" || u.searchParams.has("host"));
      }, "is not a valid postgres:// URL (postgres://user:password@host:5432/database)")
      .optional(),
    // Connections per instance to PostgreSQL (each instance has its own pool).
    DATABASE_POOL_SIZE: z.coerce
      .number({ invalid_type_error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(100, "must be at most 100")
      .default(10),
    LINK_SIGNING_KEYS: z.string({ required_error: "is required (kid:secret,...)" }).transform((v, ctx) => {
      try {
        return parseKeyRing(v);
      } catch (error) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
        return z.NEVER;
      }
    }),
    // How many proxies in front of the portal to trust for the client IP (X-Forwarded-For):
    // "false"/0 (the socket address), "true" (one hop) or a hop count.
    TRUST_PROXY: z
      .string()
      .regex(/^(true|false|\d{1,2})$/, "must be true, false or a number of proxy hops")
      .default("false")
      .transform((v) => (v === "true" ? 1 : v === "false" ? 0 : Number(v))),
    RATE_LIMIT_SCALE: z.coerce
      .number({ invalid_type_error: "must be a number" })
      .positive("must be greater than 0")
      .max(1000, "must be at most 1000")
      .default(1),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        message: "must be one of fatal, error, warn, info, debug, trace, silent",
      })
      .default("info"),
    // Email: without RESEND_API_KEY, mail goes to the local mailbox (docs/decisions/015).
    RESEND_API_KEY: z.string().trim().min(1).optional(),
    RESEND_BASE_URL: z
      .string()
      .url("must be an absolute URL such as http://127.0.0.1:4010")
      .transform((v) => v.replace(/\/+$/, ""))
      .optional(),
    EMAIL_FROM: z
      .string()
      .trim()
      .regex(/^([^<>]+<)?[^\s@<>]+@[^\s@<>]+\.?[^\s@<>]*>?$/, "must be an address like Portal <onboarding@example.com>")
      .optional(),
    // Webhook receivers the operator trusts over http and on private addresses (docs/decisions/053):
    // comma-separated host or host:port, e.g. "127.0.0.1:4000,crm.internal". Empty: https and public only.
    WEBHOOK_ALLOW_HTTP_HOSTS: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/, "must be host or host:port, comma-separated"))),
    RUN_WORKER: bool("true"),
    WORKER_POLL_MS: z.coerce
      .number({ invalid_type_error: "must be a number of milliseconds" })
      .int("must be a whole number")
      .min(100, "must be at least 100")
      .max(600_000, "must be at most 600000")
      .default(2000),
  })
  .superRefine((env, ctx) => {
    if (env.RESEND_API_KEY && !env.EMAIL_FROM) {
      ctx.addIssue({
        code: "custom",
        path: ["EMAIL_FROM"],
        message: "is required when RESEND_API_KEY is set (a sender on a domain verified in Resend)",
      });
    }
  })
  .transform((env) => ({
    ...env,
    PUBLIC_URL: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    EMAIL_FROM: env.EMAIL_FROM ?? `Onboarding portal <onboarding@${new URL(env.PUBLIC_URL ?? "http://localhost").hostname}>`,
    DATABASE_URL: env.DATABASE_URL ?? resolveDatabaseUrl({ DATA_DIR: env.DATA_DIR }),
  }));

export type Env = z.infer<typeof EnvSchema> & { LINK_SIGNING_KEYS: SigningKey[] };

export class EnvError extends Error {}

/** Parses `source`; the error is one line naming the variable and what is wrong. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new EnvError(`Invalid environment: ${issue.path.join(".") || "env"} ${issue.message}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
