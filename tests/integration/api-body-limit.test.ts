// Issue 18: a JSON body over the 64 KB limit on /api/ is refused from its headers, as every body
// is (server/body-limit.ts, decision 031), but as an RFC 9457 problem document a program can read,
// not the HTML page a person gets; a page's too-large form still gets that page. Real HTTP.
import http from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";

import type { TestServer } from "../support/app-server";
import { newKey, startApiServer } from "./api-helpers";
import { makeAgency, type TestAgency } from "./helpers";

let server: TestServer;
let agency: TestAgency;
let secret: string;

beforeAll(async () => {
  server = await startApiServer();
  agency = await makeAgency("Large Body Agency");
  secret = (await newKey(agency, ["clients:write"])).secret;
});
afterAll(() => server.close());

/** POSTs `body` with its Content-Length; the answer's status, content type and text. */
function post(path: string, body: string, headers: Record<string, string>) {
  return new Promise<{ status: number; type: string; text: string }>((resolve, reject) => {
    const request = http.request(
      `${server.url}${path}`,
      { method: "POST", headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) } },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, type: response.headers["content-type"] ?? "", text }));
      },
    );
    // The server answers before reading the body; a write after its answer may fail, harmlessly.
    request.on("error", reject);
    request.end(body);
  });
}

describe("a body over the limit on /api/", () => {
  it("is a 413 problem document, and nothing is created", async () => {
    const body = JSON.stringify({ name: "Huge Ltd", contactName: "H", contactEmail: "h@h.example", notes: "x".repeat(70 * 1024) });
    const answer = await post("/api/v1/clients", body, { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" });
    expect(answer.status).toBe(413);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(answer.text) as { type: string; title: string; status: number; detail: string };
    expect(problem).toMatchObject({ type: "about:blank", title: "Content Too Large", status: 413 });
    expect(problem.detail).toContain("65536");
    expect(await db.client.count({ where: { agencyId: agency.agencyId, name: "Huge Ltd" } })).toBe(0);
  });

  it("stays the readable HTML page for a form post outside /api/", async () => {
    const answer = await post("/login", `email=a%40b.example&password=${"x".repeat(70 * 1024)}`, {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: server.origin,
    });
    expect(answer.status).toBe(413);
    expect(answer.type).toMatch(/^text\/html/);
    expect(answer.text).toContain("Form too large");
  });
});
