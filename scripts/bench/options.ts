// What `npm run bench` can be told, from the environment and the command line.

export type BenchOptions = {
  /** Seconds of each measured run (BENCH_SECONDS, default 10). */
  seconds: number;
  /** Seconds of warm-up before each run, not counted (BENCH_WARMUP_SECONDS, default 2). */
  warmupSeconds: number;
  /** Every scenario runs once at each of these connection counts (BENCH_CONNECTIONS, default "10,32"). */
  connectionLevels: number[];
  smallLinks: number;
  largeLinks: number;
  /** Pending links prepared for the grant POSTs, one each, across the four grant runs (BENCH_GRANT_LINKS, default 40,000). */
  grantLinks: number;
  /** RATE_LIMIT_SCALE of the server: the highest the app accepts, so no request meets a limit. */
  rateLimitScale: number;
  json: boolean;
  /** A postgres:// server to create the bench database on; SQLite when unset. */
  postgresUrl: string | undefined;
};

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}`);
  return value;
}

function connectionLevels(raw: string | undefined): number[] {
  if (!raw) return [10, 32];
  const levels = raw.split(",").map((v) => Number(v.trim()));
  if (levels.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error("BENCH_CONNECTIONS must be connection counts separated by commas, e.g. 10,32");
  return levels;
}

export function benchOptions(env: NodeJS.ProcessEnv, argv: string[]): BenchOptions {
  const unknown = argv.filter((a) => a !== "--json");
  if (unknown.length)
    throw new Error(`unknown argument ${unknown[0]}: the only option is --json (durations: BENCH_SECONDS, BENCH_WARMUP_SECONDS)`);
  return {
    seconds: positive(env, "BENCH_SECONDS", 10),
    warmupSeconds: positive(env, "BENCH_WARMUP_SECONDS", 2, 0),
    connectionLevels: connectionLevels(env.BENCH_CONNECTIONS),
    smallLinks: Math.round(positive(env, "BENCH_SMALL_LINKS", 1_000)),
    largeLinks: Math.round(positive(env, "BENCH_LARGE_LINKS", 100_000)),
    grantLinks: Math.round(positive(env, "BENCH_GRANT_LINKS", 40_000, 100)),
    rateLimitScale: 1000,
    json: argv.includes("--json"),
    postgresUrl: env.DATABASE_URL || undefined,
  };
}
