// The bench's printout: one table of figures, the targets with PASS/MISS, the machine.
import os from "node:os";
import type { Figures } from "./measure";

export type Results = {
  baseline: Figures;
  linkPage: Figures;
  forged: Figures;
  listSmall: Figures;
  listLarge: Figures;
  grants: Figures;
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

export type Ratios = { linkToBaseline: number; forgedToBaseline: number; list100kTo1k: number };

export function ratios(r: Results): Ratios {
  return {
    linkToBaseline: r.linkPage.rps / r.baseline.rps,
    forgedToBaseline: r.forged.rps / r.baseline.rps,
    list100kTo1k: r.listLarge.p50 / r.listSmall.p50,
  };
}

export type Target = { name: string; goal: string; value: string; met: boolean };

export function targets(r: Results): Target[] {
  const x = ratios(r);
  return [
    { name: "link page vs baseline (req/s)", goal: ">= 0.60x", value: `${x.linkToBaseline.toFixed(2)}x`, met: x.linkToBaseline >= 0.6 },
    { name: "forged token vs baseline (req/s)", goal: ">= 0.90x", value: `${x.forgedToBaseline.toFixed(2)}x`, met: x.forgedToBaseline >= 0.9 },
    { name: "grant POST p99 at 32 concurrent", goal: "< 100 ms", value: `${ms(r.grants.p99)} ms`, met: r.grants.p99 < 100 },
    { name: `links list p50, ${short(r.listLarge)} vs ${short(r.listSmall)} links`, goal: "<= 1.50x", value: `${x.list100kTo1k.toFixed(2)}x`, met: x.list100kTo1k <= 1.5 },
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
  const line = (cells: string[]) => cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function render(r: Results, m: Machine, notes: string[]): string {
  const x = ratios(r);
  const row = (f: Figures, ratio: string) => [f.name, int(f.rps), ms(f.p50), ms(f.p99), ratio, f.cpuMsPerRequest.toFixed(2), statusList(f)];
  const figures = table(
    ["scenario", "req/s", "p50 ms", "p99 ms", "ratio", "server CPU ms/req", "responses"],
    [
      row(r.baseline, "1.00x"),
      row(r.linkPage, `${x.linkToBaseline.toFixed(2)}x baseline`),
      row(r.forged, `${x.forgedToBaseline.toFixed(2)}x baseline`),
      row(r.listSmall, ""),
      row(r.listLarge, `${x.list100kTo1k.toFixed(2)}x p50 of ${short(r.listSmall)}`),
      row(r.grants, ""),
    ],
    [false, true, true, true, false, true, false],
  );
  const goals = table(
    ["target", "goal", "measured", "result"],
    targets(r).map((t) => [t.name, t.goal, t.value, t.met ? "PASS" : "MISS"]),
    [false, false, true, false],
  );
  const host = [
    `machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM; ${m.os}; Node ${m.node}`,
    `database: ${m.database}`,
    `server peak RSS (VmHWM): ${mib(r.peakRssBytes)} MiB (${mib(r.startRssBytes)} MiB once started, before any load)`,
  ];
  return [figures, "", goals, "", ...host, ...notes].join("\n");
}

export function json(r: Results, m: Machine): string {
  const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
  const fig = (f: Figures) => ({ rps: round(f.rps, 1), p50Ms: round(f.p50), p99Ms: round(f.p99), serverCpuMsPerRequest: round(f.cpuMsPerRequest, 3), requests: f.requests, statuses: f.statuses, unexpected: f.unexpected });
  const x = ratios(r);
  return JSON.stringify({
    baseline: fig(r.baseline), linkPage: fig(r.linkPage), forgedToken: fig(r.forged),
    linksList1k: fig(r.listSmall), linksList100k: fig(r.listLarge), grantPost32: fig(r.grants),
    ratios: { linkToBaseline: round(x.linkToBaseline, 3), forgedToBaseline: round(x.forgedToBaseline, 3), list100kTo1kP50: round(x.list100kTo1k, 3) },
    targets: Object.fromEntries(targets(r).map((t) => [t.name, { goal: t.goal, value: t.value, met: t.met }])),
    peakRssMiB: round(r.peakRssBytes / 2 ** 20, 1),
    startRssMiB: round(r.startRssBytes / 2 ** 20, 1),
    machine: m,
  });
}
