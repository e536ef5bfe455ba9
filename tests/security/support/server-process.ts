// The portal as a real process (`npm start`'s compiled server, build/index.js) on the calling test file's
// SQLite copy and key ring, for suites that need a restart, a kill or the real middleware.
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";

import { SERVER_BUILD } from "../../../scripts/build.mjs";

export const DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const running = new Set<ChildProcess>();

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Starts the portal as `npm start` would, on this test's database; resolves when it answers. */
export async function startServer(port: number, extraEnv: Record<string, string> = {}) {
  const origin = `http://127.0.0.1:${port}`;
  // The compiled server, as `npm start` runs it (tests/setup/global-setup.ts built it).
  const child = spawn(process.execPath, [SERVER_BUILD], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      DATABASE_URL: process.env.DATABASE_URL,
      LINK_SIGNING_KEYS: process.env.LINK_SIGNING_KEYS,
      PORT: String(port),
      PUBLIC_URL: origin,
      LOG_LEVEL: "silent",
      RATE_LIMIT_SCALE: "1000",
      RUN_WORKER: "false",
      ...extraEnv,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  running.add(child);
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += String(d)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${origin}/login`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr.slice(-500)}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${stderr.slice(-500)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { origin, child };
}

export function kill(child: ChildProcess) {
  child.kill("SIGKILL");
  running.delete(child);
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode ? resolve(null) : child.once("exit", resolve)));
}

/** Kills every server this file started (afterEach). */
export async function stopServers() {
  for (const child of running) await kill(child);
}
