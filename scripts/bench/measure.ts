// One scenario = one autocannon run: a warm-up, then a measured window of `seconds`. The window
// opens once the warm-up time has passed AND every connection has had an answer: a Node server
// that is already saturated accepts new connections about one per event-loop turn, so the first
// request of a late connection waits seconds in the kernel's accept queue. That is connection
// set-up, not the request, and would otherwise make the p99. Latencies are taken from every
// response in the window (autocannon's 'response' event, sub-millisecond) and their percentiles
// computed exactly, rather than from autocannon's whole-millisecond histogram.
import autocannon from "autocannon";

export type Scenario = {
  name: string;
  path: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** Status codes that count as a correct answer; anything else is reported as unexpected. */
  expect: number[];
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** For requests that differ each time (the grant POSTs): the next request, or null when none is left. */
  next?: () => { path: string; body: string } | null;
};

export type Figures = {
  name: string;
  /** Responses in the measured window. */
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  /** The server's CPU time per answered request, in ms: unlike req/s, barely moved by other load on the machine. */
  cpuMsPerRequest: number;
  statuses: Record<string, number>;
  /** Responses with a status outside `expect`, plus connection errors and timeouts (warm-up included). */
  unexpected: number;
  /** Seconds from the start until the window opened (warm-up, and the last connection's first answer). */
  warmedAfter: number;
};

/** The longest the window waits for a connection's first answer after the warm-up. */
const MAX_EXTRA_WARMUP_SECONDS = 60;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

/** `serverCpuMs` reads the server process's CPU time so far. */
export async function measure(scenario: Scenario, origin: string, serverCpuMs: () => number): Promise<Figures> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const answered = new Set<unknown>();
  let exhausted = false;
  let window: { start: number; cpu: number; end?: number; cpuEnd?: number } | undefined;
  const started = performance.now();

  const instance = autocannon(
    {
      url: `${origin}${scenario.path}`,
      method: scenario.method ?? "GET",
      headers: scenario.headers,
      connections: scenario.connections,
      // Stopped by hand at the end of the window.
      duration: scenario.warmupSeconds + MAX_EXTRA_WARMUP_SECONDS + scenario.seconds + 10,
      timeout: 30,
      ...(scenario.next
        ? {
            requests: [
              {
                setupRequest: (request: autocannon.Request) => {
                  const next = scenario.next!();
                  if (!next) {
                    // Every prepared link is used: stop rather than post a used one (the few
                    // requests still to go fetch the favicon and count as unexpected).
                    if (!exhausted) setImmediate(() => close());
                    exhausted = true;
                    return { ...request, path: "/favicon.svg", method: "GET" as const, body: undefined };
                  }
                  return { ...request, path: next.path, body: next.body };
                },
              },
            ],
          }
        : {}),
    },
    () => {},
  );

  const close = () => {
    if (window && window.end === undefined) {
      window.end = performance.now();
      window.cpuEnd = serverCpuMs();
    }
    instance.stop();
  };
  const open = () => {
    window = { start: performance.now(), cpu: serverCpuMs() };
    setTimeout(close, scenario.seconds * 1000);
  };
  const fallback = setTimeout(() => window ?? open(), (scenario.warmupSeconds + MAX_EXTRA_WARMUP_SECONDS) * 1000);

  // The typings miss the first argument (the client) that autocannon passes.
  (instance as unknown as NodeJS.EventEmitter).on("response", (client: unknown, status: number, _bytes: number, ms: number) => {
    if (!window) {
      answered.add(client);
      const warmedUp = performance.now() - started >= scenario.warmupSeconds * 1000;
      if (warmedUp && answered.size >= scenario.connections) open();
      return;
    }
    if (window.end !== undefined) return;
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });

  const result = await new Promise<autocannon.Result>((resolve) => instance.once("done", resolve));
  clearTimeout(fallback);
  if (exhausted) console.warn(`  ${scenario.name}: every prepared link was used before the end; raise BENCH_GRANT_LINKS`);
  if (!window || window.end === undefined) throw new Error(`${scenario.name}: the run ended before its measured window`);

  const seconds = (window.end - window.start) / 1000;
  const count = latencies.length;
  const expected = scenario.expect.reduce((sum, code) => sum + (statuses[code] ?? 0), 0);
  const sorted = Float64Array.from(latencies).sort();
  return {
    name: scenario.name,
    requests: count,
    seconds,
    rps: count / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    cpuMsPerRequest: count ? (window.cpuEnd! - window.cpu) / count : Number.NaN,
    statuses,
    unexpected: count - expected + result.errors + result.timeouts,
    warmedAfter: (window.start - started) / 1000,
  };
}
