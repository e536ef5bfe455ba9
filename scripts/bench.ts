// `npm run bench` (never part of `npm test`): the real server on a throw-away database, seeded,
// then measured with autocannon one scenario after another (docs/decisions/023).
//
//   npm run bench                                  SQLite in a temporary folder
//   DATABASE_URL=postgres://user@host/db npm run bench   a fresh portal_bench_* database on that server
//   npm run bench -- --json                        the figures as one JSON line, last
//
// BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (10,32), BENCH_SMALL_LINKS (1000),
// BENCH_LARGE_LINKS (100000), BENCH_GRANT_LINKS (40000) change the run.
import path from "node:path";

import { generateKeyRingEntry } from "../app/modules/links/token.server";
import { migrate } from "../server/prepare";
import { type BenchDatabase, createBenchDatabase } from "./bench/database";
import { measure, type Scenario } from "./bench/measure";
import { benchOptions } from "./bench/options";
import { json, machine, render, type Results, type ScenarioKey, SCENARIOS } from "./bench/report";
import { type BenchServer, freePort, startServer } from "./bench/server";
import { buildIfNeeded } from "./build.mjs";

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
  say(
    `seeding ${count(options.smallLinks)} + ${count(options.largeLinks)} links, ${count(options.grantLinks)} pending links for grants...`,
  );
  const { seed } = await import("./bench/seed");
  const data = await seed({ smallLinks: options.smallLinks, largeLinks: options.largeLinks, grantLinks: options.grantLinks });
  say(`seeded in ${(data.ms / 1000).toFixed(1)} s; starting the server...`);

  server = await startServer(port, env, path.join(database.dir, "server.log"));
  const origin = server.origin;
  const startRssBytes = server.peakRss();
  const login = await (await fetch(`${origin}/login`)).text();
  const asset = /href="(\/build\/[^"]+\.css)"/.exec(login)?.[1];
  if (!asset) throw new Error("no stylesheet under /build in the login page: cannot pick the static asset");

  const base = { headers: { "User-Agent": BROWSER_UA }, seconds: options.seconds, warmupSeconds: options.warmupSeconds };
  const staff = (cookie: string) => ({ ...base, headers: { ...base.headers, Cookie: cookie } });
  // Same format, one character of the MAC changed: it fails only the signature check.
  const i = data.linkToken.length - 10;
  const forgedToken = data.linkToken.slice(0, i) + (data.linkToken[i] === "A" ? "B" : "A") + data.linkToken.slice(i + 1);
  // Every grant POST completes a different pending link, across all the grant runs.
  let nextGrant = 0;
  const grantBody = new URLSearchParams({ intent: "grant", clientName: "Casey Client", clientEmail: "casey@client.example" });
  for (const site of data.grantSiteIds) grantBody.append("siteIds", site);
  const grant = (name: string, query: string, expect: number[]): Omit<Scenario, "connections"> => ({
    ...base,
    name,
    method: "POST",
    path: `/l/${data.grantTokens[0]}${query}`,
    headers: { ...base.headers, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
    expect,
    next: () => {
      const token = data.grantTokens[nextGrant++];
      return token ? { path: `/l/${token}${query}`, body: grantBody.toString() } : null;
    },
  });

  const small = data.small;
  const scenarios: Record<ScenarioKey, Omit<Scenario, "connections">> = {
    static: { ...base, name: "static asset", path: asset, expect: [200] },
    // Remix drawing a document with no data: what any page costs before its own work.
    floor: { ...base, name: "framework floor (/login)", path: "/login", expect: [200] },
    linkPage: { ...base, name: "link page, opened link", path: `/l/${data.linkToken}`, expect: [200] },
    forged: { ...base, name: "link page, forged token", path: `/l/${forgedToken}`, expect: [404] },
    // The action answers a completed grant with a redirect to the link page (JavaScript: 204 + X-Remix-Redirect).
    grantForm: grant("grant POST, plain form", "", [302]),
    grantData: grant("grant POST, Remix ?_data", "?_data=routes%2Fl.%24token", [204]),
    dashboard: { ...staff(small.cookie), name: "staff dashboard", path: `/a/${small.slug}`, expect: [200] },
    listSmall: { ...staff(small.cookie), name: `links list, ${count(small.links)} links`, path: `/a/${small.slug}/links`, expect: [200] },
    listLarge: {
      ...staff(data.large.cookie),
      name: `links list, ${count(data.large.links)} links`,
      path: `/a/${data.large.slug}/links`,
      expect: [200],
    },
    clients: { ...staff(small.cookie), name: "clients list", path: `/a/${small.slug}/clients`, expect: [200] },
    audit: { ...staff(small.cookie), name: "audit log", path: `/a/${small.slug}/audit`, expect: [200] },
  };

  const runs = Object.fromEntries(SCENARIOS.map((key) => [key, {}])) as Results["runs"];
  const total = SCENARIOS.length * options.connectionLevels.length;
  say(
    `measuring ${total} runs (${SCENARIOS.length} scenarios at ${options.connectionLevels.join(" and ")} connections), ${options.warmupSeconds} s warm-up + ${options.seconds} s each, against ${origin}...`,
  );
  for (const key of SCENARIOS) {
    for (const connections of options.connectionLevels) {
      const figures = await measure({ ...scenarios[key], connections }, origin, server.cpuMs);
      runs[key][connections] = figures;
      say(`  ${figures.name}, ${connections} connections: ${Math.round(figures.rps)} req/s, p99 ${figures.p99.toFixed(1)} ms`);
    }
  }
  const results: Results = { runs, connections: options.connectionLevels, startRssBytes, peakRssBytes: server.peakRss() };
  const sqlite = !options.postgresUrl;
  const host = machine(await database.describe());
  const notes = [
    `floor: /login, a Remix document that reads no data; static: ${path.basename(asset)}, served by Express`,
    `rate limits: scaled x${options.rateLimitScale} (RATE_LIMIT_SCALE) so that no bench request is refused with 429; every request the routes see still counts in the database`,
    `link page: the same opened link each time, drawn by its route; each answer counts the open`,
    `staff pages: the ${count(small.links)}-link agency (10 clients, ${count(data.events)} audit events) unless named`,
    `server: NODE_ENV=production, LOG_LEVEL=warn (no per-request log lines), RUN_WORKER=false`,
    `measured: ${options.seconds} s per run, once ${options.warmupSeconds} s had passed and every connection had answered`,
    `grants: each POST completes a different pending link (${count(nextGrant)} used of ${count(data.grantTokens.length)}, warm-ups included)`,
  ];
  say("");
  say(render(results, host, sqlite, notes));
  const unexpected = SCENARIOS.flatMap((key) => Object.values(runs[key])).filter((f) => f.unexpected > 0);
  if (unexpected.length) {
    say(
      `\nWARNING: unexpected responses in ${[...new Set(unexpected.map((f) => f.name))].join(", ")}: those figures measure error answers. Server log: ${path.join(database.dir, "server.log")} (kept until the bench ends)`,
    );
    process.exitCode = 1;
  }
  if (options.json) say(json(results, host, sqlite));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
