// Finding 13 (issue 13): a client that goes away in the middle of a post (the tab closed while the
// logo was uploading, any form post cut off) was logged as "unexpected error" at level error with
// a 500 reference. A client that leaves is not a server failure: its request line says
// `aborted: true` at info, with no reference, and no line at level error follows. A real server
// error is still logged as one (tests/integration/errors.test.ts).
import "./support/env";

import http from "node:http";

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";

import { makeAgency } from "../integration/helpers";
import { captureLogs, startAppServer, type TestServer } from "../support/app-server";
import { fullBuild } from "./support/full-build";
import { sessionCookieFor } from "./support/session";

const UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const BOUNDARY = "----AbortedUploadBoundary7MA4YWxkTrZu0gW";

let server: TestServer;
let slug: string;
let cookie: string;
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
  server = await startAppServer((await fullBuild()).build);
  const agency = await makeAgency();
  slug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;
  cookie = await sessionCookieFor(agency.userId);
});
afterAll(() => server?.close());
beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => logs.restore());

/**
 * A post that declares `declared` bytes, sends `start` and `sent` bytes more, then destroys the
 * socket while the server is reading the body, as a closed tab does.
 */
async function cutOff(path: string, contentType: string, start: string, declared: number, sent: number) {
  const req = http.request(`${server.url}${path}`, {
    method: "POST",
    headers: { Origin: server.origin, "User-Agent": UA, Cookie: cookie, "Content-Type": contentType, "Content-Length": String(declared) },
  });
  req.on("error", () => undefined); // the socket is destroyed on purpose
  req.write(start);
  req.write(Buffer.alloc(sent, 0x61));
  await new Promise((r) => setTimeout(r, 200));
  req.destroy();
}

/** The request's log line once it is written, and every line logged until shortly after it. */
async function linesFor(route: string) {
  const isRequestLine = (l: { msg: string; route?: unknown; method?: unknown }) =>
    l.msg === "request" && l.route === route && l.method === "POST";
  await expect.poll(() => logs.lines.find(isRequestLine), { timeout: 5_000 }).toBeDefined();
  // Whatever the abort might still log after the request line.
  await new Promise((r) => setTimeout(r, 300));
  return { line: logs.lines.find(isRequestLine)!, all: [...logs.lines] };
}

function expectNoServerError({ line, all }: Awaited<ReturnType<typeof linesFor>>) {
  expect(line).toMatchObject({ aborted: true, level: "info" });
  expect(line.reference).toBeUndefined();
  expect(line.status).toBeLessThan(500);
  const errors = all.filter((l) => l.level === "error" || l.level === "fatal" || l.level === "warn" || "reference" in l);
  expect(errors.map((l) => `${l.level} ${l.msg} ${String(l.reference ?? "")}`)).toEqual([]);
}

describe("finding 13: an aborted upload is logged as a server error", () => {
  it("a logo upload cut off mid-file", async () => {
    const start = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="logo"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n`;
    await cutOff(`/a/${slug}/settings`, `multipart/form-data; boundary=${BOUNDARY}`, start, 400_000, 100_000);
    expectNoServerError(await linesFor("/a/:agency/settings"));
  });

  it("the settings form cut off mid-body", async () => {
    await cutOff(`/a/${slug}/settings`, "application/x-www-form-urlencoded", "name=Northwind&accentColor=", 20_000, 2_000);
    expectNoServerError(await linesFor("/a/:agency/settings"));
  });

  it("a new client's form cut off mid-body", async () => {
    await cutOff(`/a/${slug}/clients/new`, "application/x-www-form-urlencoded", "intent=save&name=", 20_000, 2_000);
    expectNoServerError(await linesFor("/a/:agency/clients/new"));
  });

  it("a login cut off mid-body, before anyone is signed in", async () => {
    await cutOff("/login", "application/x-www-form-urlencoded", "email=someone%40agency.example&password=", 4_000, 100);
    expectNoServerError(await linesFor("/login"));
  });
});
