// Issue 14, part 1: the link page, its open count and the grant are served by the l.$token route
// only. Every spelling of its path that Remix routes there gets the same answer and headers, a
// forged token costs no statement on any of them, and a grant posted by Remix's JavaScript gets
// the route's own 204 + X-Remix-Redirect (a second door answered a plain 302 there). Paths are
// sent byte for byte with node:http: fetch would tidy them first.
import http from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { installRecordingDb } from "../support/recording-db";

process.env.RATE_LIMIT_SCALE = "1000";
const statements = installRecordingDb();

const { db } = await import("~/modules/db/db.server");
const { fullBuild } = await import("./support/full-build");
const { startAppServer } = await import("../support/app-server");
const { SITE_A, makeAgency, makeClient, makeLink, mangle } = await import("../integration/helpers");

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
let server: Awaited<ReturnType<typeof startAppServer>>;
let clientId: string;
let agency: Awaited<ReturnType<typeof makeAgency>>;

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

function raw(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { "user-agent": BROWSER, ...headers, ...(body ? { "content-length": String(Buffer.byteLength(body)) } : {}) },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** What a spelling must share with `/l/<token>`: status, the headers that protect the token, the page. */
function essentials(answer: Answer) {
  return {
    status: answer.status,
    referrerPolicy: answer.headers["referrer-policy"],
    cacheControl: answer.headers["cache-control"],
    heading: /<h1[^>]*>(.*?)<\/h1>/s.exec(answer.body)?.[1],
  };
}

beforeAll(async () => {
  agency = await makeAgency("One Door Agency");
  clientId = (await makeClient(agency)).id;
  server = await startAppServer((await fullBuild()).build);
});
afterAll(async () => {
  await server?.close();
});

describe("issue 14: one door per rule", () => {
  it("every spelling of a link page's path gets the same answer and headers as /l/<token>", async () => {
    const { token } = await makeLink(agency, clientId);
    const plain = essentials(await raw("GET", `/l/${token}`));
    expect(plain).toMatchObject({ status: 200, referrerPolicy: "no-referrer", cacheControl: "no-store" });
    expect(plain.heading).toBeTruthy();
    for (const path of [`/%6c/${token}`, `/%6C/${token}`, `/./l/${token}`, `/x/../l/${token}`, `/L/${token}`]) {
      expect(essentials(await raw("GET", path)), path).toEqual(plain);
    }
  });

  it("a forged token gets the one styled 'not valid' page on every spelling, and costs no statement", async () => {
    const { token } = await makeLink(agency, clientId);
    const forged = mangle(token);
    for (const path of [`/l/${forged}`, `/%6c/${forged}`, `/./l/${forged}`, `/L/${forged}`]) {
      statements.length = 0;
      const answer = await raw("GET", path);
      expect(answer.status, path).toBe(404);
      expect(answer.headers["referrer-policy"], path).toBe("no-referrer");
      expect(answer.headers["cache-control"], path).toBe("no-store");
      expect(answer.body, path).toContain("<h1>This link is not valid</h1>");
      expect(answer.body, path).toMatch(/<link rel="stylesheet"/); // the app's own page, styled
      expect(statements, path).toEqual([]);
    }
  });

  it("a grant posted by Remix's JavaScript answers 204 with X-Remix-Redirect, and completes the link once", async () => {
    const link = await makeLink(agency, clientId);
    const body = new URLSearchParams({
      intent: "grant",
      clientName: "Casey Client",
      clientEmail: "casey@acme-shoes.example",
      siteIds: SITE_A,
    }).toString();
    const answer = await raw("POST", `/l/${link.token}?_data=routes%2Fl.%24token`, body, {
      origin: server.origin,
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(answer.status).toBe(204);
    expect(answer.headers["x-remix-redirect"]).toBe(`/l/${link.token}`);
    expect(answer.body).toBe("");
    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id }, include: { grants: true } });
    expect(row.status).toBe("COMPLETED");
    expect(row.grants.map((g) => [g.hotjarSiteId, g.status])).toEqual([[SITE_A, "INVITED"]]);
  });

  it("a plain form post of the grant answers the route's redirect back to the page", async () => {
    const link = await makeLink(agency, clientId);
    const body = new URLSearchParams({
      intent: "grant",
      clientName: "Casey Client",
      clientEmail: "casey@acme-shoes.example",
      siteIds: SITE_A,
    }).toString();
    const answer = await raw("POST", `/l/${link.token}`, body, {
      origin: server.origin,
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBe(`/l/${link.token}`);
    expect((await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).status).toBe("COMPLETED");
  });
});
