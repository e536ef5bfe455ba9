// Finding 3 of the outside test (issue 13): `redirectTo=/%09/evil` after login answered
// `Location: /\t/evil`, which a browser reads as `//evil` (another origin); `\n`, `\r`, `\v`, `\f`
// answered 500 after the session row was written. tests/e2e/open-redirect.spec.ts follows it in
// Chromium; here every spelling goes through the real login over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.RATE_LIMIT_SCALE = "1000";

const { db } = await import("~/modules/db/db.server");
const { safeRedirect } = await import("~/modules/http/safe-redirect.server");
const { fullBuild } = await import("./support/full-build");
const { startAppServer } = await import("../support/app-server");
const { makeAgency } = await import("../integration/helpers");

const BASE = "http://localhost:3000";

/** Targets that leave the origin, or hold characters a browser drops or a header cannot carry. */
const HOSTILE = [
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/\v/evil.example",
  "/\f/evil.example",
  "/\u0000/x",
  "/\u007f/x",
  "//evil.example",
  "/\\evil.example",
  "/\\/evil.example",
  "/.//evil.example",
  "/..//evil.example",
  "/%2e//evil.example",
  "/a/..//evil.example",
  "https://evil.example/",
  "http:evil.example",
  "javascript:alert(1)",
  "evil.example",
  " /a",
  "",
];

describe("finding 3: open redirect after login", () => {
  it("keeps only paths that stay on PUBLIC_URL's origin", () => {
    for (const to of HOSTILE) expect(safeRedirect(to, "/fallback", BASE), JSON.stringify(to)).toBe("/fallback");
    expect(safeRedirect("/a/demo/links?status=OPENED#top", "/fallback", BASE)).toBe("/a/demo/links?status=OPENED#top");
    expect(safeRedirect("/a/demo/../x", "/fallback", BASE)).toBe("/a/x");
    expect(safeRedirect(null, "/fallback", BASE)).toBe("/fallback");
  });

  describe("over HTTP", () => {
    let server: Awaited<ReturnType<typeof startAppServer>>;
    let email: string;
    let dashboard: string;

    beforeAll(async () => {
      const agency = await makeAgency();
      email = agency.email;
      dashboard = `/a/${(await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug}`;
      server = await startAppServer((await fullBuild()).build);
    });
    afterAll(async () => {
      await server?.close();
    });

    async function logIn(redirectTo: string) {
      const body = new URLSearchParams({ email, password: "correct horse battery", redirectTo });
      const response = await fetch(`${server.url}/login`, {
        method: "POST",
        headers: { Origin: server.origin, "Content-Type": "application/x-www-form-urlencoded" },
        body,
        redirect: "manual",
      });
      return { status: response.status, location: response.headers.get("location"), cookie: response.headers.get("set-cookie") };
    }

    it("a hostile redirectTo logs in and lands on the dashboard, never elsewhere and never a 500", async () => {
      for (const to of HOSTILE) {
        const answer = await logIn(to);
        expect(answer.status, JSON.stringify(to)).toBe(302);
        expect(answer.location, JSON.stringify(to)).toBe(dashboard);
        expect(answer.cookie).toMatch(/^portal_session=/);
      }
    });

    it("a path on our own origin is still where the login goes", async () => {
      const answer = await logIn(`${dashboard}/links?status=OPENED`);
      expect(answer.location).toBe(`${dashboard}/links?status=OPENED`);
    });
  });
});
