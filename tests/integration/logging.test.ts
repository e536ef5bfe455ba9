// Logs are JSON lines that never hold a secret: link and invitation tokens, cookies, passwords,
// API keys. Request lines name the route's pattern, never the URL.
import path from "node:path";

import { UNSAFE_flatRoutes as flatRoutes } from "@remix-run/dev";
import { describe, expect, it } from "vitest";

import { createLogger, logLevelFrom, scrub } from "~/modules/http/logger.server";

import { type RouteManifest, routePatterns } from "../../server/request-log";
import { makeAgency, makeClient, makeLink } from "./helpers";

function memoryLogger(level: "info" | "debug" = "info") {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe("scrub", () => {
  it("replaces link and invitation tokens wherever they appear", async () => {
    const agency = await makeAgency();
    const link = await makeLink(agency, (await makeClient(agency)).id);
    const text = [
      `GET ${link.url}?utm=1`,
      `/invite/inv_0123456789abcdef/accept`,
      `redirectTo=%2Finvite%2Finv_secretsecret`,
      `"/L/${link.token}"`,
    ].join(" | ");
    const out = scrub(text);
    expect(out).not.toContain(link.token);
    expect(out).not.toContain("inv_0123456789abcdef");
    expect(out).not.toContain("inv_secretsecret");
    expect(out).toContain("/l/:token?utm=1");
    expect(out).toContain("/invite/:token/accept");
    expect(out).toContain("%2Finvite%2F:token");
  });

  it("replaces API keys, bearer credentials and the session cookie", () => {
    const out = scrub("key re_AbCdEf123456_xyz, Authorization: Bearer eyJhbGciOi.x-y_z, Cookie: portal_session=abc123def; theme=dark");
    expect(out).toBe("key re_[redacted], Authorization: Bearer [redacted], Cookie: portal_session=[redacted]; theme=dark");
  });

  it("leaves ordinary text and route patterns alone", () => {
    const text = "GET /l/:token 200 in 12 ms; /a/northwind/links/clx123; /login; /library/x";
    expect(scrub(text)).toBe(text);
  });
});

describe("the logger", () => {
  it("writes one JSON line with an ISO time and the level as a word", () => {
    const { logger, lines, parsed } = memoryLogger();
    logger.info({ route: "/login" }, "request");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith("\n")).toBe(true);
    expect(parsed()[0]).toMatchObject({ level: "info", msg: "request", route: "/login" });
    expect(String(parsed()[0]!.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("redacts cookies, authorization, passwords, tokens and API keys by field, at any depth it is asked to", () => {
    const { logger, lines, parsed } = memoryLogger();
    logger.info(
      {
        req: { headers: { cookie: "portal_session=s3cr3t", authorization: "Basic dXNlcjpwYXNz", "user-agent": "Firefox" } },
        form: { email: "olivia@agency.example", password: "correct horse battery", newPassword: "another one here" },
        transport: { apiKey: "re_live_should_not_appear" },
        env: { RESEND_API_KEY: "re_env_should_not_appear", LINK_SIGNING_KEYS: "k1:c2VjcmV0" },
        token: "raw-token-value",
      },
      "with secrets",
    );
    const text = lines.join("");
    for (const secret of [
      "s3cr3t",
      "dXNlcjpwYXNz",
      "correct horse battery",
      "another one here",
      "re_live_should_not_appear",
      "re_env_should_not_appear",
      "c2VjcmV0",
      "raw-token-value",
    ]) {
      expect(text).not.toContain(secret);
    }
    const line = parsed()[0] as { req: { headers: Record<string, string> }; form: Record<string, string> };
    expect(line.req.headers).toEqual({ cookie: "[redacted]", authorization: "[redacted]", "user-agent": "Firefox" });
    expect(line.form).toEqual({ email: "olivia@agency.example", password: "[redacted]", newPassword: "[redacted]" });
  });

  it("logs an error's stack, with any token in its message scrubbed", () => {
    const { logger, lines, parsed } = memoryLogger();
    logger.error({ err: new Error("could not open /l/tok_ABCdef123456 for re_KeyKeyKey123") }, "failed");
    expect(lines.join("")).not.toContain("tok_ABCdef123456");
    expect(lines.join("")).not.toContain("re_KeyKeyKey123");
    const err = parsed()[0]!.err as { message: string; stack: string; type: string };
    expect(err).toMatchObject({ type: "Error", message: "could not open /l/:token for re_[redacted]" });
    expect(err.stack).toMatch(/\n\s+at /);
  });

  it("takes its level from LOG_LEVEL; info by default, silent under the test runner", () => {
    expect(logLevelFrom({ LOG_LEVEL: "debug" })).toBe("debug");
    expect(logLevelFrom({ LOG_LEVEL: " WARN " })).toBe("warn");
    expect(logLevelFrom({ LOG_LEVEL: "silent", NODE_ENV: "production" })).toBe("silent");
    expect(logLevelFrom({ NODE_ENV: "production" })).toBe("info");
    expect(logLevelFrom({ LOG_LEVEL: "verbose", NODE_ENV: "production" })).toBe("info");
    expect(logLevelFrom({ NODE_ENV: "test" })).toBe("silent");
    expect(logLevelFrom({ NODE_ENV: "test", LOG_LEVEL: "info" })).toBe("info");

    const { logger, lines } = memoryLogger();
    logger.debug("not at info");
    expect(lines).toEqual([]);
  });
});

describe("route patterns of the request lines", () => {
  // The app's real route table, as `remix build` derives it from app/routes.
  const manifest: RouteManifest = {
    root: { id: "root", path: "" },
    ...(flatRoutes(path.resolve("app"), ["**/.*", "**/*.test.{ts,tsx}"]) as RouteManifest),
  };
  const routeOf = routePatterns(manifest);

  it.each([
    ["/", "/"],
    ["/login", "/login"],
    ["/l/v1.ktest.AbCdEf_123-xyz.MACmac", "/l/:token"],
    ["/L/v1.ktest.AbCdEf_123-xyz.MACmac", "/l/:token"],
    ["/invite/inv_0123456789abcdef", "/invite/:token"],
    ["/a/northwind", "/a/:agency"],
    ["/a/northwind/clients/new", "/a/:agency/clients/new"],
    ["/a/northwind/clients/clx0123", "/a/:agency/clients/:clientId"],
    ["/a/northwind/links/clx0123", "/a/:agency/links/:linkId"],
    ["/a/northwind/audit.csv", "/a/:agency/audit.csv"],
    ["/brand/clx0123/logo", "/brand/:agencyId/logo"],
  ])("%s is logged as %s", (url, pattern) => {
    expect(routeOf(url)).toBe(pattern);
  });

  it("a path no route answers is logged as itself, with tokens scrubbed and its length bounded", () => {
    expect(routeOf("/build/_assets/app-54VIQHIQ.css")).toBe("/build/_assets/app-54VIQHIQ.css");
    expect(routeOf("/l/secret-token/extra")).toBe("/l/:token/extra");
    expect(routeOf("/l/%E0%A4%A")).toBe("/l/:token");
    expect(routeOf(`/${"x".repeat(5000)}`).length).toBeLessThanOrEqual(200);
  });
});
