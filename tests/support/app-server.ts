// The portal's Express app (server/app.ts) on a free port, and the JSON lines its logger writes,
// read from stdout as an operator would.
import type { AddressInfo } from "node:net";

import type { ServerBuild } from "@remix-run/node";
import { vi } from "vitest";

import { parseEnv } from "~/modules/env/env.server";
import { logger } from "~/modules/http/logger.server";

import { createApp } from "../../server/app";

export type LogLine = Record<string, unknown> & { level: string; msg: string };

/** Captures the logger's lines (at `debug` and up) until `restore()`; nothing reaches the real stdout. */
export function captureLogs() {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const previousLevel = logger.level;
  logger.level = "debug";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => {
    const text = String(chunk);
    raw.push(text);
    for (const line of text.split("\n")) if (line.startsWith("{")) lines.push(JSON.parse(line) as LogLine);
    return true;
  });
  return {
    lines,
    /** Everything written, as one string (to search for what must never be there). */
    text: () => raw.join(""),
    restore() {
      spy.mockRestore();
      logger.level = previousLevel;
    },
  };
}

export type TestServer = { url: string; origin: string; close(): Promise<void> };

/** `createApp` with the test environment and `build`, listening on 127.0.0.1. */
export async function startAppServer(build: ServerBuild): Promise<TestServer> {
  const env = parseEnv(process.env);
  const server = createApp(env, build).listen(0, "127.0.0.1");
  // Longer than any pause between a suite's requests (a full-database snapshot on a loaded
  // machine can take seconds): a socket closed while fetch reuses it reads as "no response".
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    origin: new URL(env.PUBLIC_URL).origin,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
