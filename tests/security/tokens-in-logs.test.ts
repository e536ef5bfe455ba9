// Tokens in logs, over real HTTP: a real signed link token and a real invitation token, sent in
// every spelling of their paths a client, a proxy or an attacker may use (`/l//T`, `/%6c%2FT`,
// `/l/./T`, ...), byte for byte as written (fetch would tidy the path first). The captured log
// must hold neither token, in clear or percent-encoded, while ordinary paths stay readable.
import http from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The link page counts opens per address; this suite opens the same links many times.
process.env.RATE_LIMIT_SCALE = "1000";

const { seedAgency } = await import("./support/seed");
const { fullBuild } = await import("./support/full-build");
const { captureLogs, startAppServer } = await import("../support/app-server");
type TestServer = Awaited<ReturnType<typeof startAppServer>>;

/** `<T>` stands for the token. */
const LINK_SPELLINGS = [
  "/l//<T>",
  "/%6c%2F<T>",
  "/l/./<T>",
  "/L/<T>",
  "/%6C/<T>",
  "/%6c/<T>",
  "/l/%2e/<T>",
  "/l/%2E%2E/<T>",
  "/l/%2F/<T>",
  "/l\\<T>",
  "//l///<T>/",
  "/l/<T>/extra",
  "/x/<T>",
];
const INVITATION_SPELLINGS = [
  "/invite//<T>",
  "/invite/%2F/<T>",
  "/INVITE/<T>",
  "/%69nvite%2F<T>",
  "/invite/./<T>",
  "/invite/%2e%2e/<T>/accept",
];

/** Every byte as `%XX`. */
const percentEncoded = (text: string) => [...Buffer.from(text)].map((b) => `%${b.toString(16).padStart(2, "0").toUpperCase()}`).join("");

let server: TestServer;
let logs: ReturnType<typeof captureLogs>;
let linkToken: string;
let invitationToken: string;

/** Sends `path` exactly as written; resolves when the request's log line has been written. */
async function rawGet(path: string): Promise<number> {
  const before = logs.lines.filter((l) => l.msg === "request").length;
  const { hostname, port } = new URL(server.url);
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request({ host: hostname, port, path, method: "GET", agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
  for (let i = 0; i < 100 && logs.lines.filter((l) => l.msg === "request").length === before; i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  return status;
}

/** The spellings of `token` that must never be in a log: whole, its MAC, percent-encoded. */
function forms(token: string): string[] {
  const mac = token.slice(token.lastIndexOf(".") + 1);
  return [token, mac, percentEncoded(token), percentEncoded(token).toLowerCase(), encodeURIComponent(token)];
}

beforeAll(async () => {
  const seeded = await seedAgency();
  linkToken = seeded.link.token;
  invitationToken = seeded.invitationToken;
  server = await startAppServer((await fullBuild()).build);
  logs = captureLogs();
});

afterAll(async () => {
  logs?.restore();
  await server?.close();
});

describe("finding 9: tokens in logs", () => {
  it("the tokens are real: the genuine link and invitation pages open", async () => {
    expect(await rawGet(`/l/${linkToken}`)).toBe(200);
    expect(await rawGet(`/invite/${invitationToken}`)).toBe(200);
  });

  it.each(LINK_SPELLINGS)("a link token sent as %s is not logged", async (spelling) => {
    for (const token of [linkToken, percentEncoded(linkToken)]) {
      const from = logs.text().length;
      await rawGet(spelling.replace("<T>", token));
      const written = logs.text().slice(from);
      expect(written, "a request line was written").toContain('"msg":"request"');
      for (const secret of forms(linkToken)) expect(written).not.toContain(secret);
    }
  });

  it.each(INVITATION_SPELLINGS)("an invitation token sent as %s is not logged", async (spelling) => {
    for (const token of [invitationToken, percentEncoded(invitationToken)]) {
      const from = logs.text().length;
      await rawGet(spelling.replace("<T>", token));
      const written = logs.text().slice(from);
      expect(written, "a request line was written").toContain('"msg":"request"');
      for (const secret of forms(invitationToken)) expect(written).not.toContain(secret);
    }
  });

  it("no token is anywhere in everything this suite logged", () => {
    const text = logs.text();
    expect(text.length).toBeGreaterThan(0);
    for (const secret of [...forms(linkToken), ...forms(invitationToken)]) expect(text).not.toContain(secret);
  });

  it("ordinary paths are still logged readably", async () => {
    await rawGet("/login");
    await rawGet("/a/demo/links");
    await rawGet("/no/such/page");
    const routes = logs.lines.filter((l) => l.msg === "request").map((l) => l.route);
    expect(routes).toContain("/login");
    expect(routes).toContain("/a/:agency/links");
    expect(routes).toContain("/no/such/page");
  });
});
