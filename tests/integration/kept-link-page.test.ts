// The kept link page (docs/decisions/025) through the real server: a reload of an opened link is
// answered from the page the route drew, with a fresh CSP nonce and the open counted, and any
// change to what the page shows (the link, the agency, the client, the requester, its expiry, a
// new build) makes the route draw it again. Runs on SQLite and, in CI, on PostgreSQL.
import { addSeconds } from "date-fns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSettings, updateSettings } from "~/modules/agencies/settings.server";
import { db } from "~/modules/db/db.server";
import { runWorkerCycle } from "~/modules/email/worker.server";
import { createMailboxTransport } from "~/modules/email/transports.server";
import { reissueLink, revokeLink } from "~/modules/links/links.server";
import { NONCE_PLACEHOLDER, TOKEN_PLACEHOLDER } from "~/modules/links/link-page-cache.server";
import { DESKTOP, freePort, startServer, stopServers } from "../security/support/server-process";
import { makeAgency, makeClient, makeLink, tokenOf, type TestAgency } from "./helpers";

const BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
const MARK = "Kept-page marker 7f3a";
let origin: string;
let agency: TestAgency;
let clientId: string;

beforeAll(async () => {
  agency = await makeAgency("Kept Page Agency");
  clientId = (await makeClient(agency)).id;
  origin = (await startServer(await freePort())).origin;
}, 120_000);
afterAll(stopServers);

async function open(token: string, userAgent = DESKTOP, init: RequestInit = {}) {
  const response = await fetch(`${origin}/l/${token}`, { ...init, headers: { "User-Agent": userAgent } });
  const body = await response.text();
  const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
  return { response, body, nonce };
}

const kept = (linkId: string) => db.linkPageCache.findUnique({ where: { linkId } });
const opens = async (linkId: string) => (await db.onboardingLink.findUniqueOrThrow({ where: { id: linkId } })).openCount;

/** Puts a marker into the kept page: an answer that carries it came from the kept page. */
async function markKeptPage(linkId: string) {
  const row = await kept(linkId);
  expect(row).not.toBeNull();
  await db.linkPageCache.update({ where: { linkId }, data: { html: row!.html.replace("</main>", `<p>${MARK}</p></main>`) } });
}

/** Opened once (the route writes the open), then drawn and kept by the second open. */
async function openedAndKept(made?: Promise<{ id: string; token: string }>) {
  const link = await (made ?? makeLink(agency, clientId));
  expect((await open(link.token)).response.status).toBe(200);
  expect(await kept(link.id)).toBeNull();
  expect((await open(link.token)).response.status).toBe(200);
  expect(await kept(link.id)).not.toBeNull();
  await markKeptPage(link.id);
  return link;
}

describe("a reload of an opened link", () => {
  it("is the page the route drew, with this answer's own nonce, and counts as an open", async () => {
    const link = await makeLink(agency, clientId);
    await open(link.token);
    const drawn = await open(link.token);
    const row = await kept(link.id);
    expect(row?.html).toContain(`nonce="${NONCE_PLACEHOLDER}"`);
    expect(row?.html).not.toContain(drawn.nonce!);
    // Link tokens are never stored (DESIGN.md section 4): the page's form posts to a placeholder.
    expect(drawn.body).toContain(link.token);
    expect(row?.html).not.toContain(link.token);
    expect(row?.html).toContain(TOKEN_PLACEHOLDER);
    expect(await opens(link.id)).toBe(2);

    const again = await open(link.token);
    expect(again.response.status).toBe(200);
    expect(again.response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(again.response.headers.get("cache-control")).toBe("no-store");
    expect(again.response.headers.get("referrer-policy")).toBe("no-referrer");
    // Every script carries this answer's nonce, which differs from the drawing's.
    expect(again.nonce).toBeTruthy();
    expect(again.nonce).not.toBe(drawn.nonce);
    expect(again.body).not.toContain(NONCE_PLACEHOLDER);
    expect(again.body.split(drawn.nonce!).join(again.nonce!)).toBe(again.body);
    expect(again.body).toBe(drawn.body.split(drawn.nonce!).join(again.nonce!));
    expect(again.body).toContain("Kept Page Agency");
    expect(await opens(link.id)).toBe(3);
    const stored = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(stored.lastOpenedAt!.getTime()).toBeGreaterThan(stored.firstOpenedAt!.getTime());
  });

  it("comes from the kept page, and a link scanner's visit is not an open", async () => {
    const link = await openedAndKept();
    const before = await opens(link.id);
    expect((await open(link.token)).body).toContain(MARK);
    expect(await opens(link.id)).toBe(before + 1);
    expect((await open(link.token, BOT)).body).toContain(MARK);
    expect(await opens(link.id)).toBe(before + 1);
  });

  it("Remix's data requests still reach the route", async () => {
    const link = await openedAndKept();
    const response = await fetch(`${origin}/l/${link.token}?_data=${encodeURIComponent("routes/l.$token")}`, { headers: { "User-Agent": DESKTOP } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ kind: "link", view: { status: "OPENED" } });
  });
});

describe("a change to what the page shows draws it again", () => {
  it("the link withdrawn", async () => {
    const link = await openedAndKept();
    await revokeLink(agency.agencyId, link.id, agency.actor);
    const { response, body } = await open(link.token);
    expect(response.status).toBe(410);
    expect(body).not.toContain(MARK);
    expect(body).toContain("This request was withdrawn");
  });

  it("the link reissued: the old URL is unknown, the new one drawn afresh", async () => {
    const link = await openedAndKept();
    // A reissue gives the link a new token version: the new URL shows the request, the old one is unknown.
    const reissued = await reissueLink(agency.agencyId, link.id, agency.actor, 7);
    const { response, body } = await open(link.token);
    expect(response.status).toBe(404);
    expect(body).not.toContain(MARK);
    const fresh = await open(tokenOf(reissued.url));
    expect(fresh.response.status).toBe(200);
    expect(fresh.body).not.toContain(MARK);
  });

  it("the agency's name", async () => {
    const other = await makeAgency("Renamed Agency Before");
    const link = await openedAndKept(makeLink(other, (await makeClient(other)).id));
    expect((await open(link.token)).body).toContain(MARK);
    const settings = await getSettings(other.agencyId);
    await updateSettings(other.agencyId, other.actor, { ...settings, name: "Renamed Agency After" } as Parameters<typeof updateSettings>[2]);
    const { body } = await open(link.token);
    expect(body).not.toContain(MARK);
    expect(body).toContain("Renamed Agency After");
  });

  it("the client's Hotjar organization", async () => {
    const own = await makeClient(agency, "Client To Edit");
    const link = await openedAndKept(makeLink(agency, own.id));
    await db.client.update({ where: { id: own.id }, data: { hotjarOrganizationId: "9988776" } });
    const { body } = await open(link.token);
    expect(body).not.toContain(MARK);
    expect(body).toContain("9988776");
  });

  it("the requester's name", async () => {
    const link = await openedAndKept();
    await db.user.update({ where: { id: agency.userId }, data: { name: "Renamed Requester" } });
    const { body } = await open(link.token);
    expect(body).not.toContain(MARK);
    expect(body).toContain("Renamed Requester");
  });

  it("the link's expiry passing", async () => {
    // Made so that it expires a few seconds from now.
    const lifetimeMs = 7 * 24 * 3600 * 1000;
    const link = await openedAndKept(makeLink(agency, clientId, { now: addSeconds(new Date(Date.now() - lifetimeMs), 4) }));
    const expiresAt = (await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).expiresAt;
    await new Promise((r) => setTimeout(r, Math.max(0, expiresAt.getTime() - Date.now() + 1100)));
    const { response, body } = await open(link.token);
    expect(response.status).toBe(410);
    expect(body).not.toContain(MARK);
    expect(body).toContain("This link has expired");
  });

  it("a page kept by another build", async () => {
    const link = await openedAndKept();
    await db.linkPageCache.update({ where: { linkId: link.id }, data: { build: "an-older-build" } });
    const { body } = await open(link.token);
    expect(body).not.toContain(MARK);
    // Drawn again, and kept for this build.
    expect((await kept(link.id))?.build).not.toBe("an-older-build");
  });
});

describe("kept pages of links that have ended", () => {
  it("are forgotten by the worker's housekeeping; an open link's page is kept", async () => {
    const live = await openedAndKept();
    const withdrawn = await openedAndKept();
    await revokeLink(agency.agencyId, withdrawn.id, agency.actor);
    const expiring = await openedAndKept(makeLink(agency, clientId, { now: new Date(Date.now() - 6 * 24 * 3600 * 1000) }));
    const expiresAt = (await db.onboardingLink.findUniqueOrThrow({ where: { id: expiring.id } })).expiresAt;
    // A cycle just after the third link's expiry, before the first one's.
    await runWorkerCycle(createMailboxTransport(), new Date(expiresAt.getTime() + 1000));
    expect(await kept(withdrawn.id)).toBeNull();
    expect(await kept(expiring.id)).toBeNull();
    expect(await kept(live.id)).not.toBeNull();
    // And its reload still comes from the kept page.
    expect((await open(live.token)).body).toContain(MARK);
  });
});
