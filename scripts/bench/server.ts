// The real server (`npm start`'s compiled build/index.js) as a child process, on a free loopback port.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";

import { SERVER_BUILD } from "../build.mjs";

// The security suites' helper: a free loopback port, asked of the kernel.
export { freePort } from "../../tests/security/support/server-process";

export type BenchServer = {
  origin: string;
  pid: number;
  /** Peak resident set size of the server process so far, in bytes (VmHWM). */
  peakRss(): number;
  /** CPU time the server process has used so far (user + system), in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
};

/** Starts the compiled server with node, as `npm start` does, and resolves once it answers. Its output goes to `logFile`. */
export async function startServer(port: number, env: Record<string, string>, logFile: string): Promise<BenchServer> {
  const origin = `http://127.0.0.1:${port}`;
  const log = fs.openSync(logFile, "a");
  // To profile the server under load: BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, SERVER_BUILD], {
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...env,
      PORT: String(port),
      PUBLIC_URL: origin,
    },
    stdio: ["ignore", log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const tail = () => fs.readFileSync(logFile, "utf8").slice(-1500);

  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const response = await fetch(`${origin}/login`);
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited before answering:\n${tail()}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server did not answer within 120 s:\n${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    origin,
    pid: child.pid!,
    peakRss() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
      if (!kb) throw new Error("VmHWM missing from /proc/<pid>/status");
      return Number(kb) * 1024;
    },
    cpuMs() {
      // utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (USER_HZ, 100 on Linux).
      const fields = fs.readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
