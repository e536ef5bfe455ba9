// The link page through its route module: a forged token is refused before anything else (no
// statement at all), opens are counted but not limited (the HMAC stops guessing; decision 018,
// addendum of issue 14), and a limited "ask for a new link" writes nothing. Every SQL statement the app runs is recorded here: the
// app's client is built by this file, on a recording adapter, before any app module is loaded.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { addDays } from "date-fns";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";

import { installRecordingDb } from "../support/recording-db";

const statements = installRecordingDb();

const { db } = await import("~/modules/db/db.server");
const { LIMITS, consume } = await import("~/modules/security/rate-limit.server");
const { intlFor } = await import("~/modules/i18n/messages.server");
const { action, loader } = await import("~/routes/l.$token");
const { mangle, makeAgency, makeClient, makeLink } = await import("./helpers");

const UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0";
let ipCounter = 0;
const newIp = () => `198.18.0.${++ipCounter}`;

function load(token: string, ip: string, method: "GET" | "POST" = "GET") {
  const request = new Request(`http://localhost:3000/l/${token}`, { method, headers: { "x-portal-client-ip": ip, "user-agent": UA } });
  return loader({ request, params: { token }, context: {} } as LoaderFunctionArgs) as Promise<Response>;
}

function askForNewLink(token: string, ip: string) {
  const request = new Request(`http://localhost:3000/l/${token}`, {
    method: "POST",
    headers: { "x-portal-client-ip": ip, "user-agent": UA },
    body: new URLSearchParams({ intent: "requestNew" }),
  });
  return action({ request, params: { token }, context: {} } as ActionFunctionArgs) as Promise<Response>;
}

/** Statements that touch anything but the limiter's table. */
const beyondLimiter = () => statements.filter((sql) => !sql.includes("RateLimiterFlexible"));

let link: { id: string; token: string };
let expired: () => Promise<{ id: string; token: string }>;

beforeAll(async () => {
  const agency = await makeAgency("Scanned Agency");
  const client = await makeClient(agency);
  link = await makeLink(agency, client.id);
  expired = () => makeLink(agency, client.id, { now: addDays(new Date(), -8) });
});

beforeEach(() => {
  statements.length = 0;
});

describe("link-page opens", () => {
  it("a forged token costs no statement at all", async () => {
    const response = await load(mangle(link.token), newIp());
    expect(response.status).toBe(404);
    expect(statements).toEqual([]);
    // The recording sees the app's own queries: a real token reads its link and counts the open.
    expect((await load(link.token, newIp())).status).toBe(200);
    expect(statements.some((sql) => sql.includes("OnboardingLink"))).toBe(true);
  });

  it("opens are not rate-limited (the HMAC already stops guessing): many from one address all answer, each counted", async () => {
    const reader = newIp();
    const before = (await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).openCount;
    for (let i = 0; i < 150; i++) expect((await load(link.token, reader)).status).toBe(200);
    expect(statements.some((sql) => sql.includes("RateLimiterFlexible"))).toBe(false);
    expect((await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).openCount).toBe(before + 150);
  });

  it("the page drawn after a POST is not another open", async () => {
    const before = (await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).openCount;
    expect((await load(link.token, newIp(), "POST")).status).toBe(200);
    expect((await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).openCount).toBe(before);
  });
});

describe("ask for a new link, per link", () => {
  it(`the ask after ${LIMITS.newLinkRequest.points} in an hour is refused with 429 and writes nothing`, async () => {
    const old = await expired();
    for (let i = 0; i < LIMITS.newLinkRequest.points; i++) await consume("newLinkRequest", old.id);
    const before = {
      events: await db.event.count(),
      emails: await db.outboundEmail.count(),
      link: await db.onboardingLink.findUniqueOrThrow({ where: { id: old.id } }),
    };
    statements.length = 0;

    const response = await askForNewLink(old.token, newIp());
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(LIMITS.newLinkRequest.duration - 60);
    // The page formats the message in the client's language: the answer carries its id and values.
    const { formError } = (await response.json()) as { formError: { id: string; values: Record<string, number> } };
    expect(formError).toEqual({ id: "page.error.tooMany", values: { minutes: 60 } });
    expect(intlFor("en").formatMessage({ id: formError.id }, formError.values)).toBe("Too many attempts. Try again in 60 minutes.");
    expect(beyondLimiter()).toEqual([]);

    expect(await db.event.count()).toBe(before.events);
    expect(await db.outboundEmail.count()).toBe(before.emails);
    const after = await db.onboardingLink.findUniqueOrThrow({ where: { id: old.id } });
    expect(after).toEqual(before.link);
    expect(after.newLinkRequestedAt).toBeNull();
  });

  it("counts per link, from any address", async () => {
    const old = await expired();
    for (let i = 0; i < LIMITS.newLinkRequest.points; i++) {
      expect((await askForNewLink(old.token, newIp())).status).toBe(302);
    }
    expect(await db.event.count({ where: { linkId: old.id, type: "link.new_requested" } })).toBe(1);
    expect((await askForNewLink(old.token, newIp())).status).toBe(429);
    // Another link is unaffected.
    expect((await askForNewLink((await expired()).token, newIp())).status).toBe(302);
  });

  it("a forged token counts nothing and is refused as before", async () => {
    const old = await expired();
    for (let i = 0; i < LIMITS.newLinkRequest.points + 2; i++) {
      expect((await askForNewLink(mangle(old.token), newIp())).status).toBe(404);
    }
    expect((await askForNewLink(old.token, newIp())).status).toBe(302);
  });
});
