import { describe, expect, it } from "vitest";

import { generateKeyRingEntry, parseKeyRing, signLinkToken } from "~/modules/links/token.server";

import { scrub, scrubPath } from "./logger.server";

const keys = parseKeyRing(generateKeyRingEntry("k1"));
const expiresAt = new Date("2030-01-01T00:00:00Z");
const LINK = signLinkToken(keys, { linkId: "clxlink0123456789", version: 3, expiresAt });
const INVITATION = signLinkToken(keys, { linkId: "clxinvite0123456789", version: 1, expiresAt }, "invitation");

/** Every byte as `%XX`: a spelling no server needs, but any may be sent. */
const percentEncoded = (text: string) => [...Buffer.from(text)].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");

describe("scrubPath: a token in any spelling of the path", () => {
  it.each([
    ["/l/<T>", "/l/:token"],
    ["/l//<T>", "/l//:token"],
    ["/invite//<T>", "/invite//:token"],
    ["/%6c%2F<T>", "/:token"],
    ["/%6C%2f<T>", "/:token"],
    ["/l/./<T>", "/l/:token/:token"],
    ["/l/../<T>", "/l/:token/:token"],
    ["/L/<T>", "/L/:token"],
    ["/INVITE/<T>/accept", "/INVITE/:token/accept"],
    ["/%6C/<T>", "/%6C/:token"],
    ["/%6c/<T>", "/%6c/:token"],
    ["/l/%2e/<T>", "/l/:token/:token"],
    ["/l/%2E%2E/<T>", "/l/:token/:token"],
    ["/invite/%2F/<T>", "/invite/%2F/:token"],
    ["/invite%2F<T>", "/:token"],
    ["/%256c%252F<T>", "/:token"],
    ["/l/%2F%2F/./<T>", "/l/%2F%2F/./:token"],
    ["/l\\<T>", "/:token"],
    ["//l///<T>/", "//l///:token/"],
    ["/l/<T>?x=1#y", "/l/:token"],
  ])("%s is logged as %s", (spelling, logged) => {
    for (const token of [LINK, INVITATION]) {
      const out = scrubPath(spelling.replace("<T>", token));
      expect(out).toBe(logged);
      expect(out).not.toContain(token);
    }
  });

  it("finds a token by its shape anywhere in the path, percent-encoded or not", () => {
    for (const token of [LINK, INVITATION]) {
      expect(scrubPath(`/x/${token}`)).toBe("/x/:token");
      expect(scrubPath(`/x/${percentEncoded(token)}/y`)).toBe("/x/:token/y");
      expect(scrubPath(`/x/${token.replaceAll(".", "%2E")}`)).toBe("/x/:token");
      expect(scrubPath(`/x/prefix-${token}-suffix`)).toBe("/x/:token");
      expect(scrubPath(`/l//${percentEncoded(token)}`)).toBe("/l//:token");
    }
  });

  it("leaves ordinary paths readable", () => {
    for (const path of ["/login", "/a/demo/links", "/build/_assets/app-54VIQHIQ.css", "/a/demo/audit.csv", "/lib/x", "/links/T"]) {
      expect(scrubPath(path)).toBe(path);
    }
    expect(scrubPath("/a/demo/links?page=2")).toBe("/a/demo/links");
  });

  it("keeps a malformed percent sequence from hiding a token, and bounds the length", () => {
    expect(scrubPath("/l/%E0%A4%A")).toBe("/l/:token");
    expect(scrubPath(`/%zz/l/%/${LINK}`)).toBe("/%zz/l/:token/:token");
    expect(scrubPath(`/${"x".repeat(5000)}/l/${LINK}`).length).toBeLessThanOrEqual(200);
  });
});

describe("scrub: a token's shape in free text", () => {
  it("replaces a token wherever it stands", () => {
    const out = scrub(`No route matches URL "/l//${LINK}"; invitation ${INVITATION} refused`);
    expect(out).toBe('No route matches URL "/l//:token"; invitation :token refused');
  });

  it("reads a long line in one pass", () => {
    const line = "a".repeat(200_000) + ".b.c.d";
    const started = performance.now();
    expect(scrub(line)).toBe(line);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
