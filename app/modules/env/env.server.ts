import { z } from "zod";
import { parseKeyRing, type SigningKey } from "~/modules/links/token.server";
import { resolveDatabaseUrl } from "~/modules/db/database-url";

function tryUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
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
      .refine((v) => { const u = tryUrl(v); return !u || /^https?:$/.test(u.protocol); }, "must start with http:// or https://")
      .refine((v) => { const u = tryUrl(v); return !u || ["", "/"].includes(u.pathname); }, "must be an origin with no path")
      .optional(),
    DATA_DIR: z.string().min(1).default("data"),
    DATABASE_URL: z
      .string()
      .startsWith("file:", "must be a SQLite URL starting with file:")
      .optional(),
    LINK_SIGNING_KEYS: z.string({ required_error: "is required (kid:secret,...)" }).transform((v, ctx) => {
      try {
        return parseKeyRing(v);
      } catch (error) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
        return z.NEVER;
      }
    }),
    TRUST_PROXY: z
      .enum(["true", "false", "1", "0"], { message: "must be true or false" })
      .optional()
      .transform((v) => v === "true" || v === "1"),
  })
  .transform((env) => ({
    ...env,
    PUBLIC_URL: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
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
