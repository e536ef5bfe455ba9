// `npm run bench` (never part of `npm test`): the real server on a throw-away database, seeded,
// then measured with autocannon one scenario after another (docs/decisions/023).
//
//   npm run bench                                  SQLite in a temporary folder
//   DATABASE_URL=postgres://user@host/db npm run bench   a fresh portal_bench_* database on that server
//   npm run bench -- --json                        the figures as one JSON line, last
//
// BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (10), BENCH_SMALL_LINKS (1000),
// BENCH_LARGE_LINKS (100000), BENCH_GRANT_LINKS (40000) change the run.
import path from "node:path";
import { generateKeyRingEntry } from "../app/modules/links/token.server";
import { buildIfNeeded, migrate } from "../server/prepare";
import { createBenchDatabase, type BenchDatabase } from "./bench/database";
import { measure, type Scenario } from "./bench/measure";
import { benchOptions } from "./bench/options";
import { json, machine, render, type Results } from "./bench/report";
import { freePort, startServer, type BenchServer } from "./bench/server";

const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

const options = benchOptions(process.env, process.argv.slice(2));
const say = (line: string) => console.log(line);
const count = (n: number) => n.toLocaleString("en-US");

let database: BenchDatabase | undefined;
let server: BenchServer | undefined;
async function cleanUp() {
  await server?.stop();
  await database?.dispose();
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

try {
  buildIfNeeded();
  database = await createBenchDatabase(options.postgresUrl);
  const port = await freePort();
  const env: Record<string, string> = {
    NODE_ENV: "production",
    DATABASE_URL: database.url,
    DATA_DIR: database.dir,
    LINK_SIGNING_KEYS: generateKeyRingEntry("bench"),
    RATE_LIMIT_SCALE: String(options.rateLimitScale),
    LOG_LEVEL: "warn",
    RUN_WORKER: "false",
    ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}),
  };
  // The seed below loads the app's modules, which read these once.
  Object.assign(process.env, env, { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });

  say(`bench database: ${options.postgresUrl ? "PostgreSQL" : "SQLite"}; migrating...`);
  await migrate(database.url);
  say(`seeding ${count(options.smallLinks)} + ${count(options.largeLinks)} links, ${count(options.grantLinks)} pending links for grants...`);
  const { seed } = await import("./bench/seed");
  const data = await seed({ smallLinks: options.smallLinks, largeLinks: options.largeLinks, grantLinks: options.grantLinks });
  say(`seeded in ${(data.ms / 1000).toFixed(1)} s; starting the server...`);

  server = await startServer(port, env, path.join(database.dir, "server.log"));
  const origin = server.origin;
  const startRssBytes = server.peakRss();
  const login = await (await fetch(`${origin}/login`)).text();
  const asset = /href="(\/build\/[^"]+\.css)"/.exec(login)?.[1];
  if (!asset) throw new Error("no stylesheet under /build in the login page: cannot pick the static asset");

  const base = { headers: { "User-Agent": BROWSER_UA }, connections: options.connections, seconds: options.seconds, warmupSeconds: options.warmupSeconds };
  const staff = (cookie: string) => ({ ...base, headers: { ...base.headers, Cookie: cookie } });
  // Same format, one character of the MAC changed: it fails only the signature check.
  const i = data.linkToken.length - 10;
  const forgedToken = data.linkToken.slice(0, i) + (data.linkToken[i] === "A" ? "B" : "A") + data.linkToken.slice(i + 1);
  let nextGrant = 0;
  const grantBody = new URLSearchParams({ intent: "grant", clientName: "Casey Client", clientEmail: "casey@client.example" });
  for (const site of data.grantSiteIds) grantBody.append("siteIds", site);

  const scenarios: Record<keyof Omit<Results, "peakRssBytes" | "startRssBytes">, Scenario> = {
    baseline: { ...base, name: `static asset (baseline)`, path: asset, expect: [200] },
    linkPage: { ...base, name: "link page, valid token", path: `/l/${data.linkToken}`, expect: [200] },
    forged: { ...base, name: "link page, forged token", path: `/l/${forgedToken}`, expect: [404] },
    listSmall: { ...staff(data.small.cookie), name: `links list, ${count(data.small.links)} links`, path: `/a/${data.small.slug}/links`, expect: [200] },
    listLarge: { ...staff(data.large.cookie), name: `links list, ${count(data.large.links)} links`, path: `/a/${data.large.slug}/links`, expect: [200] },
    grants: {
      ...base,
      name: `grant POST, ${options.grantConnections} concurrent`,
      connections: options.grantConnections,
      method: "POST",
      path: `/l/${data.grantTokens[0]}`,
      headers: { ...base.headers, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
      // The action answers a completed grant with a redirect to the link page.
      expect: [302, 303],
      next: () => {
        const token = data.grantTokens[nextGrant++];
        return token ? { path: `/l/${token}`, body: grantBody.toString() } : null;
      },
    },
  };

  say(`measuring ${Object.keys(scenarios).length} scenarios, ${options.warmupSeconds} s warm-up + ${options.seconds} s each, against ${origin}...`);
  const figures = {} as Omit<Results, "peakRssBytes" | "startRssBytes">;
  for (const [key, scenario] of Object.entries(scenarios) as [keyof typeof scenarios, Scenario][]) {
    figures[key] = await measure(scenario, origin, server.cpuMs);
    say(`  ${scenario.name}: ${Math.round(figures[key].rps)} req/s`);
  }
  const results: Results = { ...figures, startRssBytes, peakRssBytes: server.peakRss() };
  const host = machine(await database.describe());
  const notes = [
    `rate limits: scaled x${options.rateLimitScale} (RATE_LIMIT_SCALE) so that no bench request is refused with 429; every request the routes see still counts in the database`,
    `link page: the same link each time, drawn by its route on every request; each answer counts the open`,
    `server: NODE_ENV=production, LOG_LEVEL=warn (no per-request log lines), RUN_WORKER=false; ${options.connections} connections per GET scenario (${path.basename(asset)} is the static asset)`,
    `measured: ${options.seconds} s per scenario, once ${options.warmupSeconds} s had passed and every connection had answered (grant POSTs: after ${results.grants.warmedAfter.toFixed(1)} s; a saturated server accepts new connections slowly)`,
    `grants: each POST completes a different pending link (${count(results.grants.requests)} measured, ${count(nextGrant)} used with the warm-up)`,
  ];
  say("");
  say(render(results, host, notes));
  const unexpected = Object.values(figures).filter((f) => f.unexpected > 0);
  if (unexpected.length) {
    say(`\nWARNING: unexpected responses in ${unexpected.map((f) => f.name).join(", ")}: those figures measure error answers. Server log: ${path.join(database.dir, "server.log")} (kept until the bench ends)`);
    process.exitCode = 1;
  }
  if (options.json) say(json(results, host));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
