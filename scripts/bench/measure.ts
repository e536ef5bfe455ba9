// One scenario = a short warm-up, then one autocannon run. Latencies are taken from every
// response (autocannon's 'response' event, sub-millisecond) and their percentiles computed
// exactly, rather than from autocannon's whole-millisecond histogram.
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
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  /** Responses with a status outside `expect`, plus connection errors and timeouts. */
  unexpected: number;
};

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

async function once(scenario: Scenario, origin: string, seconds: number) {
  const latencies: number[] = [];
  let exhausted = false;
  const instance = autocannon(
    {
      url: `${origin}${scenario.path}`,
      method: scenario.method ?? "GET",
      headers: scenario.headers,
      connections: scenario.connections,
      duration: seconds,
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
                    if (!exhausted) setImmediate(() => instance.stop());
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
  // The typings miss the first argument (the client) that autocannon passes.
  (instance as unknown as NodeJS.EventEmitter).on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
  });
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve) => instance.once("done", resolve));
  return { result, latencies, elapsed: (performance.now() - started) / 1000, exhausted };
}

export async function measure(scenario: Scenario, origin: string): Promise<Figures> {
  if (scenario.warmupSeconds > 0) await once(scenario, origin, scenario.warmupSeconds);
  const { result, latencies, elapsed, exhausted } = await once(scenario, origin, scenario.seconds);
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stat.count ?? 0;
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  const expected = scenario.expect.reduce((sum, code) => sum + (statuses[code] ?? 0), 0);
  const sorted = Float64Array.from(latencies).sort();
  if (exhausted) console.warn(`  ${scenario.name}: every prepared link was used before the end; raise BENCH_GRANT_LINKS`);
  return {
    name: scenario.name,
    requests: answered,
    seconds: elapsed,
    rps: answered / elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    statuses,
    unexpected: answered - expected + result.errors + result.timeouts,
  };
}
