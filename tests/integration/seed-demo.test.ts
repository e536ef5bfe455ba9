// `npm run seed:demo -- --json` run as a reader of the README runs it: its own process, a PORT and
// no PUBLIC_URL, this file's database (SQLite or PostgreSQL). What the README promises under
// "Try it with demo data" is then read back through the app's own dashboard and link functions.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { getDashboard } from "~/modules/dashboard/dashboard.server";
import { db } from "~/modules/db/db.server";
import { resolveLink } from "~/modules/links/link-page.server";
import { effectiveLinkStatus, LINK_STATUSES, type LinkStatus } from "~/modules/links/link-state";
import { getLink } from "~/modules/links/links.server";

import { tokenOf } from "./helpers";

const PORT = 3456;
const DEMO_LOGIN = "demo@example.com";

/** The README's "Try it with demo data" section, up to the next heading of its level or above. */
function readmeDemoSection(): string {
  const readme = fs.readFileSync(path.join(process.cwd(), "README.md"), "utf8");
  const section = /^### Try it with demo data\n([\s\S]*?)(?=^#{1,3} )/m.exec(readme)?.[1];
  if (!section) throw new Error('README.md has no "### Try it with demo data" section');
  return section.replace(/\s+/g, " ");
}

/** The states the README lists after "one link in each state the dashboard counts:". */
function readmeStates(section: string): string[] {
  const list = /one link in each state the dashboard counts: ([a-z, ]+)\./.exec(section)?.[1];
  if (!list) throw new Error('README\'s demo section no longer says "one link in each state the dashboard counts: a, b, c."');
  return list.split(",").map((s) => s.trim());
}

type SeedOutput = { login: { email: string; password: string }; links: Record<string, string> };
let dataDir: string;

/** `npm run seed:demo -- --json` with only the environment a reader would give it. */
function runSeed(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn("npm", ["run", "seed:demo", "--", "--json"], {
    cwd: process.cwd(),
    env: {
      NODE_ENV: "production", // as npm start runs
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      DATABASE_URL: process.env.DATABASE_URL,
      // The test key ring, so this process can read the printed tokens back.
      LINK_SIGNING_KEYS: process.env.LINK_SIGNING_KEYS,
      PORT: String(PORT),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

async function seed(): Promise<SeedOutput> {
  const run = await runSeed();
  if (run.code !== 0) throw new Error(`seed:demo exited with ${run.code}:\n${run.stderr}${run.stdout}`);
  // npm prints its own banner first; the README promises the JSON on the last line.
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as SeedOutput;
}

async function demoAgencyId(): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN }, include: { memberships: true } });
  expect(user.memberships).toHaveLength(1);
  return user.memberships[0]!.agencyId;
}

const section = readmeDemoSection();
const states = readmeStates(section);
let out: SeedOutput;
let agencyId: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "seed-demo-"));
  out = await seed();
  agencyId = await demoAgencyId();
}, 120_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("npm run seed:demo -- --json, as the README describes it", () => {
  it("prints the login the README gives and one URL per README state, on the PORT it was given", () => {
    expect(section).toContain(`\`${out.login.email}\` / \`${out.login.password}\``);
    expect(Object.keys(out.links).sort()).toEqual([...states].sort());
    for (const url of Object.values(out.links)) expect(url).toMatch(new RegExp(`^http://localhost:${PORT}/l/[^/]+$`));
  });

  it("each printed URL opens a link in the state it is named after", async () => {
    const now = new Date();
    for (const [state, url] of Object.entries(out.links)) {
      const resolved = await resolveLink(tokenOf(url));
      expect(resolved, `${state}: the printed URL resolves to no link`).not.toBeNull();
      expect(effectiveLinkStatus(resolved!.link, now), `the "${state}" link`).toBe(state.toUpperCase());
    }
  });

  it("the dashboard counts exactly one link in each state the README lists", async () => {
    const { counts } = await getDashboard(agencyId);
    const expected = Object.fromEntries(LINK_STATUSES.map((s) => [s, states.includes(s.toLowerCase()) ? 1 : 0])) as Record<
      LinkStatus,
      number
    >;
    expect(counts).toEqual(expected);
  });

  it("the completed link's two sites wait for verification; the expired link waits for its client to ask for a new one", async () => {
    expect(section).toContain("two grants wait for you to verify them");
    expect(section).toContain('"Ask for a new link"');
    const completed = await getLink(agencyId, (await resolveLink(tokenOf(out.links.completed!)))!.link.id);
    expect(completed.link.grants.map((g) => [g.hotjarSiteId, g.status])).toEqual([
      ["1234567", "INVITED"],
      ["2345678", "INVITED"],
    ]);
    const expiredId = (await resolveLink(tokenOf(out.links.expired!)))!.link.id;
    const { newLinkRequests } = await getDashboard(agencyId);
    expect(newLinkRequests).toEqual([]);
    expect((await getLink(agencyId, expiredId)).link.newLinkRequestedAt).toBeNull();
  });

  it("a second run recreates the demo agency: the same counts, the first agency gone", async () => {
    const before = await getDashboard(agencyId);
    await seed();
    const again = await demoAgencyId();
    expect(again).not.toBe(agencyId);
    expect(await db.agency.findUnique({ where: { id: agencyId } })).toBeNull();
    expect((await getDashboard(again)).counts).toEqual(before.counts);
  }, 120_000);
});
