// Keep-alive through the real Express app: an answer given before a request's body was read
// closes the connection (the client's next request on that socket would be read as the rest of
// the body), and an answer to a request that has no body keeps it open, however early it comes
// (a forged link's 404 is answered in the same turn as the request's headers).
import "./support/env";

import http from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { makeAgency, makeClient, makeLink, mangle } from "../integration/helpers";
import { startAppServer, type TestServer } from "../support/app-server";
import { fullBuild } from "./support/full-build";

const UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0";
let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startAppServer((await fullBuild()).build);
  const agency = await makeAgency("Keep Alive Agency");
  token = (await makeLink(agency, (await makeClient(agency)).id)).token;
});
afterAll(() => server?.close());

/** One request on a keep-alive agent: the status, the Connection header and whether the socket was reused. */
function request(agent: http.Agent, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; connection: string | undefined; reused: boolean }>((resolve, reject) => {
    const req = http.request(
      `${server.url}${path}`,
      { agent, method: init.method ?? "GET", headers: { "User-Agent": UA, ...init.headers } },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode!, connection: res.headers.connection, reused: req.reusedSocket }));
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

describe("connections", () => {
  it("answers without a body keep the socket, forged links included", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const forged = await request(agent, `/l/${mangle(token)}`);
      expect(forged.status).toBe(404);
      expect(forged.connection).toBe("keep-alive");
      for (let i = 0; i < 3; i++) {
        const page = await request(agent, `/l/${token}`);
        expect(page).toEqual({ status: 200, connection: "keep-alive", reused: true });
      }
      expect((await request(agent, `/l/${mangle(token)}`)).reused).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it("a post refused before its body was read closes the socket", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // Cross-site: refused by the Origin check, which reads no body.
      const refused = await request(agent, `/l/${token}`, {
        method: "POST",
        headers: { Origin: "https://elsewhere.example", "Content-Type": "application/x-www-form-urlencoded" },
        body: "intent=grant&" + "x".repeat(200_000),
      });
      expect(refused.status).toBe(403);
      expect(refused.connection).toBe("close");
      expect((await request(agent, `/l/${token}`)).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});
