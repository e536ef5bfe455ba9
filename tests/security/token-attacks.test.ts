// Token attacks over real HTTP (Express + Remix + the real l.$token route module): every forged,
// truncated, padded, case-flipped, spliced or foreign-key token is refused with the "not valid"
// page and costs no read of link data; genuine-but-dead tokens get their proper answers.
// Every SQL statement the app runs is recorded (the technique of
// tests/integration/rate-limit-link-page.test.ts): the app's client is built here, on a
// recording adapter, before any app module is loaded.
import { addDays } from "date-fns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { installRecordingDb } from "../support/recording-db";

// The link page counts opens per address (docs/decisions/018); this suite opens many tokens
// from 127.0.0.1. Read once, at the limiter's first use.
process.env.RATE_LIMIT_SCALE = "1000";

const statements = installRecordingDb();

const { db } = await import("~/modules/db/db.server");
const { reissueLink } = await import("~/modules/links/links.server");
const { generateKeyRingEntry, parseKeyRing, signLinkToken } = await import("~/modules/links/token.server");
const linkRoute = await import("~/routes/l.$token");
const { testBuild } = await import("../support/remix-build");
const { captureLogs, startAppServer } = await import("../support/app-server");
const { SITE_A, makeAgency, makeClient, makeLink, mangle } = await import("../integration/helpers");
type TestServer = Awaited<ReturnType<typeof startAppServer>>;

const build = testBuild([{ id: "routes/l.$token", path: "l/:token", module: linkRoute as unknown as Record<string, unknown> }]);

let server: TestServer;
let logs: ReturnType<typeof captureLogs>;
const figures = { tried: 0, refused: 0, readsForMalformed: 0 };

/** Statements that touch anything but the limiter's table. */
const beyondLimiter = () => statements.filter((sql) => !sql.includes("RateLimiterFlexible"));

async function open(token: string) {
  const response = await fetch(`${server.url}/l/${token}`, { redirect: "manual" });
  return { status: response.status, body: await response.text() };
}

function post(token: string, fields: Record<string, string>) {
  return fetch(`${server.url}/l/${token}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.origin, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
}

/**
 * One malformed token: 404 "not valid", refused by the route before the limiter and any query,
 * so it costs no SQL statement at all (docs/decisions/024).
 */
async function expectRefusedWithoutRead(label: string, token: string) {
  statements.length = 0;
  figures.tried++;
  const { status, body } = await open(token);
  const reads = [...statements];
  figures.readsForMalformed += reads.length;
  expect(status, `${label}: ${token}`).toBe(404);
  expect(body, label).toContain("<h1>This link is not valid</h1>");
  expect(reads, `${label}: no database statement`).toEqual([]);
  figures.refused++;
}

let agency: Awaited<ReturnType<typeof makeAgency>>;
let clientId: string;
let link: { id: string; token: string };
let other: { id: string; token: string };

beforeAll(async () => {
  agency = await makeAgency("Token Agency");
  clientId = (await makeClient(agency)).id;
  link = await makeLink(agency, clientId);
  other = await makeLink(agency, clientId);
  server = await startAppServer(build);
  logs = captureLogs();
});

afterAll(async () => {
  logs?.restore();
  await server?.close();
  console.log(
    `token attacks: ${figures.tried} tokens tried, ${figures.refused} refused (${figures.tried ? Math.round((100 * figures.refused) / figures.tried) : 0}%), ${figures.readsForMalformed} database reads for malformed ones`,
  );
});

describe("the genuine token works (control)", () => {
  it("opens the page with 200 and reads the link", async () => {
    statements.length = 0;
    const { status, body } = await open(link.token);
    expect(status).toBe(200);
    expect(body).toContain("Token Agency");
    expect(beyondLimiter().some((sql) => sql.includes("OnboardingLink"))).toBe(true);
  });
});

describe("malformed and forged tokens: 404, no read of link data", () => {
  it("forged: MAC changed", async () => {
    await expectRefusedWithoutRead("mangled", mangle(link.token));
    const mac = link.token.slice(link.token.lastIndexOf(".") + 1);
    const base = link.token.slice(0, link.token.lastIndexOf(".") + 1);
    await expectRefusedWithoutRead("first MAC char", base + (mac[0] === "A" ? "B" : "A") + mac.slice(1));
    // The last base64url character has spare low bits: a variant that decodes to the same bytes.
    const last = mac[mac.length - 1]!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const idx = alphabet.indexOf(last);
    const sameBytes = alphabet[idx ^ 1]!;
    await expectRefusedWithoutRead("last MAC char, same decoded bytes", base + mac.slice(0, -1) + sameBytes);
    await expectRefusedWithoutRead("MAC of zeros", base + "A".repeat(43));
  });

  it("truncated at several lengths", async () => {
    const t = link.token;
    const lengths = [1, 8, Math.floor(t.length / 2), t.length - 44, t.length - 43, t.length - 20, t.length - 2, t.length - 1];
    for (const n of [...new Set(lengths)].filter((n) => n > 0 && n < t.length)) {
      await expectRefusedWithoutRead(`truncated to ${n}`, t.slice(0, n));
    }
  });

  it("padded with extra characters", async () => {
    for (const pad of [
      "A",
      "=",
      "==",
      "0",
      "_",
      ".x",
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ]) {
      await expectRefusedWithoutRead(`padded with ${pad.slice(0, 4)}`, link.token + pad);
    }
    await expectRefusedWithoutRead("prefixed", `x${link.token}`);
  });

  it("case-flipped at each alphabetic position", async () => {
    const t = link.token;
    let flipped = 0;
    for (let i = 0; i < t.length; i++) {
      const c = t[i]!;
      const f = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
      if (f === c) continue;
      await expectRefusedWithoutRead(`case flipped at ${i}`, t.slice(0, i) + f + t.slice(i + 1));
      flipped++;
    }
    expect(flipped).toBeGreaterThan(20);
  });

  it("another link's signature spliced onto this link's claims", async () => {
    const claims = link.token.slice(0, link.token.lastIndexOf(".") + 1);
    const otherMac = other.token.slice(other.token.lastIndexOf(".") + 1);
    await expectRefusedWithoutRead("spliced MAC", claims + otherMac);
    // And this link's MAC on the other link's claims.
    const otherClaims = other.token.slice(0, other.token.lastIndexOf(".") + 1);
    await expectRefusedWithoutRead("spliced claims", otherClaims + link.token.slice(link.token.lastIndexOf(".") + 1));
  });

  it("signed by a key not in the ring", async () => {
    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    const foreign = parseKeyRing(generateKeyRingEntry("kx"));
    const claims = { linkId: row.id, version: row.tokenVersion, expiresAt: row.expiresAt };
    await expectRefusedWithoutRead("foreign key kx", signLinkToken(foreign, claims));
    // A foreign secret that claims the ring's own key id.
    const sameKid = parseKeyRing(generateKeyRingEntry("ktest"));
    await expectRefusedWithoutRead("foreign secret under ktest", signLinkToken(sameKid, claims));
    // A genuine key, but signed for another purpose (a staff invitation).
    const ring = parseKeyRing(process.env.LINK_SIGNING_KEYS!);
    await expectRefusedWithoutRead("invitation purpose", signLinkToken(ring, claims, "invitation"));
  });
});

describe("genuine tokens that are no longer usable", () => {
  it("the old version after reissue is 404 not valid; the new one opens", async () => {
    const fresh = await makeLink(agency, clientId);
    const { url } = await reissueLink(agency.agencyId, fresh.id, agency.actor, 7);
    figures.tried++;
    const old = await open(fresh.token);
    expect(old.status).toBe(404);
    expect(old.body).toContain("<h1>This link is not valid</h1>");
    figures.refused++;
    expect((await open(url.split("/l/")[1]!)).status).toBe(200);
  });

  it("expired: 410 naming the agency (the right page for a genuine expired token)", async () => {
    const expired = await makeLink(agency, clientId, { now: addDays(new Date(), -8) });
    const { status, body } = await open(expired.token);
    expect(status).toBe(410);
    expect(body).toContain("Token Agency");
    // The page's words travel with it (every message of its language, for the browser), so what
    // tells the pages apart is the heading it draws.
    expect(body).toContain("<h1>This link has expired</h1>");
    expect(body).not.toContain("<h1>This link is not valid</h1>");
  });

  it("replayed after completion: completed page 200; a second grant is refused 409 and writes no grant", async () => {
    const done = await makeLink(agency, clientId);
    const fields = { intent: "grant", clientName: "Casey Client", clientEmail: "casey@acme-shoes.example", siteIds: SITE_A };
    const first = await post(done.token, fields);
    expect(first.status).toBe(302);
    expect(await db.grant.count({ where: { linkId: done.id } })).toBe(1);

    const page = await open(done.token);
    expect(page.status).toBe(200);
    expect((await db.onboardingLink.findUniqueOrThrow({ where: { id: done.id } })).status).toBe("COMPLETED");

    const grantsBefore = await db.grant.count();
    const eventsBefore = await db.event.count({ where: { linkId: done.id } });
    const replay = await post(done.token, fields);
    figures.tried++;
    expect(replay.status).toBe(409);
    figures.refused++;
    expect(await db.grant.count()).toBe(grantsBefore);
    expect(await db.event.count({ where: { linkId: done.id } })).toBe(eventsBefore);
  });

  it("a forged token's POST is refused 404 with no read either", async () => {
    statements.length = 0;
    figures.tried++;
    const response = await post(mangle(link.token), {
      intent: "grant",
      clientName: "Mallory",
      clientEmail: "m@evil.example",
      siteIds: SITE_A,
    });
    expect(response.status).toBe(404);
    const reads = [...statements];
    figures.readsForMalformed += reads.length;
    expect(reads).toEqual([]);
    figures.refused++;
  });
});
