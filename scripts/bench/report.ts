// The bench's printout: one table of figures (every scenario at every connection count, as a
// ratio of the framework floor and of the static asset measured in the same run), the targets
// with PASS/MISS, the machine.
import os from "node:os";

import type { Figures } from "./measure";

/** The scenarios, in the order they run and print. */
export const SCENARIOS = [
  "static",
  "floor",
  "linkPage",
  "forged",
  "grantForm",
  "grantData",
  "dashboard",
  "listSmall",
  "listLarge",
  "clients",
  "audit",
] as const;
export type ScenarioKey = (typeof SCENARIOS)[number];

/** The staff pages, each held to the same target against the floor. */
export const STAFF_PAGES: readonly ScenarioKey[] = ["dashboard", "listSmall", "listLarge", "clients", "audit"];

export type Results = {
  /** Figures by scenario, then by connection count. */
  runs: Record<ScenarioKey, Record<number, Figures>>;
  connections: number[];
  /** The server's peak RSS once it answered, before any load, and at the end. */
  startRssBytes: number;
  peakRssBytes: number;
};

export type Machine = { cpu: string; cores: number; ramGiB: number; node: string; os: string; database: string };

export function machine(database: string): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    database,
  };
}

const PEAK_RSS_LIMIT = 256 * 2 ** 20;

/** req/s of `key` as a share of the floor's and of the static asset's, at `c` connections. */
export function ratios(r: Results, key: ScenarioKey, c: number) {
  const rps = r.runs[key][c]!.rps;
  return { floor: rps / r.runs.floor[c]!.rps, static: rps / r.runs.static[c]!.rps };
}

export type Target = { name: string; goal: string; value: string; met: boolean };

export function targets(r: Results, sqlite: boolean): Target[] {
  const each = (key: ScenarioKey, of: "floor" | "static", min: number): Target[] =>
    r.connections.map((c) => {
      const x = ratios(r, key, c)[of];
      return {
        name: `${r.runs[key][c]!.name} vs ${of === "floor" ? "floor" : "static asset"}, ${c} connections`,
        goal: `>= ${min.toFixed(2)}x`,
        value: `${x.toFixed(2)}x`,
        met: x >= min,
      };
    });
  const list = r.runs.listLarge[r.connections[0]!]!.p50 / r.runs.listSmall[r.connections[0]!]!.p50;
  const grants: Target[] = sqlite
    ? (["grantForm", "grantData"] as const).map((key) => {
        const f = r.runs[key][32];
        return {
          name: `${f?.name ?? key} p99, 32 connections`,
          goal: "< 100 ms",
          value: f ? `${ms(f.p99)} ms` : "not run",
          met: f !== undefined && f.p99 < 100,
        };
      })
    : [];
  return [
    ...each("linkPage", "floor", 0.5),
    ...STAFF_PAGES.flatMap((key) => each(key, "floor", 0.4)),
    ...each("forged", "static", 0.9),
    ...grants,
    {
      name: `links list p50, ${short(r.runs.listLarge[r.connections[0]!]!)} vs ${short(r.runs.listSmall[r.connections[0]!]!)} links`,
      goal: "<= 1.50x",
      value: `${list.toFixed(2)}x`,
      met: list <= 1.5,
    },
    { name: "server peak RSS", goal: "<= 256 MiB", value: `${mib(r.peakRssBytes)} MiB`, met: r.peakRssBytes <= PEAK_RSS_LIMIT },
  ];
}

/** "100k" from "links list, 100,000 links". */
const short = (f: Figures) => {
  const n = Number(/([\d,]+) links/.exec(f.name)?.[1]?.replaceAll(",", "") ?? Number.NaN);
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
};
const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const int = (v: number) => Math.round(v).toLocaleString("en-US");
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const statusList = (f: Figures) =>
  Object.entries(f.statuses)
    .map(([code, n]) => `${int(n)}x${code}`)
    .join(" ") + (f.unexpected ? `  UNEXPECTED ${int(f.unexpected)}` : "");

function table(header: string[], rows: string[][], right: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function render(r: Results, m: Machine, sqlite: boolean, notes: string[]): string {
  const rows = SCENARIOS.flatMap((key) =>
    r.connections.flatMap((c) => {
      const f = r.runs[key][c];
      if (!f) return [];
      const x = ratios(r, key, c);
      return [
        [
          f.name,
          String(c),
          int(f.rps),
          ms(f.p50),
          ms(f.p99),
          `${x.floor.toFixed(2)}x`,
          `${x.static.toFixed(2)}x`,
          f.cpuMsPerRequest.toFixed(2),
          statusList(f),
        ],
      ];
    }),
  );
  const figures = table(
    ["scenario", "conn", "req/s", "p50 ms", "p99 ms", "vs floor", "vs static", "server CPU ms/req", "responses"],
    rows,
    [false, true, true, true, true, true, true, true, false],
  );
  const goals = table(
    ["target", "goal", "measured", "result"],
    targets(r, sqlite).map((t) => [t.name, t.goal, t.value, t.met ? "PASS" : "MISS"]),
    [false, false, true, false],
  );
  const host = [
    `machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM; ${m.os}; Node ${m.node}`,
    `database: ${m.database}`,
    `server peak RSS (VmHWM): ${mib(r.peakRssBytes)} MiB (${mib(r.startRssBytes)} MiB once started, before any load)`,
  ];
  return [figures, "", goals, "", ...host, ...notes].join("\n");
}

export function json(r: Results, m: Machine, sqlite: boolean): string {
  const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
  const fig = (key: ScenarioKey, f: Figures, c: number) => {
    const x = ratios(r, key, c);
    return {
      name: f.name,
      connections: c,
      rps: round(f.rps, 1),
      p50Ms: round(f.p50),
      p99Ms: round(f.p99),
      serverCpuMsPerRequest: round(f.cpuMsPerRequest, 3),
      vsFloor: round(x.floor, 3),
      vsStatic: round(x.static, 3),
      requests: f.requests,
      statuses: f.statuses,
      unexpected: f.unexpected,
    };
  };
  return JSON.stringify({
    runs: Object.fromEntries(
      SCENARIOS.map((key) => [key, r.connections.filter((c) => r.runs[key][c]).map((c) => fig(key, r.runs[key][c]!, c))]),
    ),
    targets: targets(r, sqlite).map((t) => ({ ...t })),
    peakRssMiB: round(r.peakRssBytes / 2 ** 20, 1),
    startRssMiB: round(r.startRssBytes / 2 ** 20, 1),
    machine: m,
  });
}
