import { describe, expect, it } from "vitest";

import { EnvError, parseEnv } from "~/modules/env/env.server";

import { TEST_SIGNING_KEYS } from "../setup/test-env";

const valid = { NODE_ENV: "test", LINK_SIGNING_KEYS: TEST_SIGNING_KEYS, DATABASE_URL: "file:/tmp/x.db" } as const;

/** The thrown EnvError, checked to be one line naming the variable. */
function failure(overrides: Record<string, string>): EnvError {
  try {
    parseEnv({ ...valid, ...overrides });
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as EnvError).message;
    expect(message).not.toContain("\n");
    return error as EnvError;
  }
  throw new Error("parseEnv accepted a bad environment");
}

describe("parseEnv", () => {
  it("accepts the test environment and derives PUBLIC_URL from PORT", () => {
    const env = parseEnv({ ...valid, PORT: "8080" });
    expect(env.PORT).toBe(8080);
    expect(env.PUBLIC_URL).toBe("http://localhost:8080");
    expect(env.LINK_SIGNING_KEYS).toHaveLength(1);
    expect(env.LINK_SIGNING_KEYS[0]!.id).toBe("ktest");
    expect(parseEnv({ ...valid, PUBLIC_URL: "https://portal.example.com/" }).PUBLIC_URL).toBe("https://portal.example.com");
  });

  it.each(["abc", "0", "70000", "80.5"])("refuses PORT=%s", (port) => {
    expect(failure({ PORT: port }).message).toMatch(/^Invalid environment: PORT /);
  });

  it.each(["not a url", "ftp://portal.example.com", "https://portal.example.com/app"])("refuses PUBLIC_URL=%s", (url) => {
    expect(failure({ PUBLIC_URL: url }).message).toMatch(/^Invalid environment: PUBLIC_URL /);
  });

  it("names what is wrong with a PUBLIC_URL that is no URL at all (not a raw TypeError)", () => {
    expect(failure({ PUBLIC_URL: "portal.example.com" }).message).toBe(
      "Invalid environment: PUBLIC_URL must be an absolute URL such as https://portal.example.com",
    );
  });

  it("refuses a signing key shorter than 256 bits, without echoing it", () => {
    const secret = Buffer.alloc(16, 1).toString("base64url");
    const message = failure({ LINK_SIGNING_KEYS: `kshort:${secret}` }).message;
    expect(message).toMatch(/^Invalid environment: LINK_SIGNING_KEYS /);
    expect(message).toContain("16 bytes");
    expect(message).not.toContain(secret);
  });

  it("refuses a missing key ring and a malformed entry", () => {
    const { LINK_SIGNING_KEYS: _omit, ...withoutKeys } = valid;
    expect(() => parseEnv(withoutKeys)).toThrow(/^Invalid environment: LINK_SIGNING_KEYS /);
    expect(failure({ LINK_SIGNING_KEYS: "no-colon-here" }).message).toMatch(/LINK_SIGNING_KEYS/);
  });

  it("takes a SQLite file or a PostgreSQL server, and refuses any other DATABASE_URL", () => {
    expect(parseEnv({ ...valid, DATABASE_URL: "postgres://portal:pw@db.internal:5432/portal" }).DATABASE_URL).toBe(
      "postgres://portal:pw@db.internal:5432/portal",
    );
    expect(parseEnv({ ...valid, DATABASE_URL: "postgresql://localhost/portal" }).DATABASE_URL).toBe("postgresql://localhost/portal");
    expect(failure({ DATABASE_URL: "mysql://localhost/db" }).message).toMatch(
      /^Invalid environment: DATABASE_URL must start with file: \(SQLite\) or postgres:\/\//,
    );
    expect(failure({ DATABASE_URL: "postgres:///portal" }).message).toMatch(/DATABASE_URL is not a valid postgres:\/\/ URL/);
  });

  it("refuses a PostgreSQL pool size that is not a small whole number", () => {
    expect(parseEnv({ ...valid, DATABASE_POOL_SIZE: "20" }).DATABASE_POOL_SIZE).toBe(20);
    expect(failure({ DATABASE_POOL_SIZE: "0" }).message).toMatch(/DATABASE_POOL_SIZE must be at least 1/);
    expect(failure({ DATABASE_POOL_SIZE: "many" }).message).toMatch(/DATABASE_POOL_SIZE must be a number/);
  });
});
