import { randomBytes } from "node:crypto";

import { describe, expect, it } from "vitest";

import {
  floorToSecond,
  generateKeyRingEntry,
  type LinkTokenClaims,
  parseKeyRing,
  type SigningKey,
  signLinkToken,
  verifyLinkToken,
} from "./token.server";

const key = (id: string): SigningKey => ({ id, secret: randomBytes(32) });
const oldKey = key("k20240101");
const newKey = key("k20250101");
const strangerKey = key("k20250101"); // same id, different secret: not our key

const LINK_ID = "clx2v9q8h0000abcd1234efgh"; // 25 chars, cuid-like
const claims: LinkTokenClaims = {
  linkId: LINK_ID,
  version: 1,
  expiresAt: new Date("2030-06-01T12:00:00.000Z"),
};

describe("signLinkToken / verifyLinkToken", () => {
  it("round-trips the claims and names the key", () => {
    const token = signLinkToken([newKey], claims);
    expect(verifyLinkToken([newKey], token)).toEqual({ ...claims, keyId: newKey.id });
  });

  it("floors expiry to whole seconds", () => {
    const expiresAt = new Date("2030-06-01T12:00:00.987Z");
    const token = signLinkToken([newKey], { ...claims, expiresAt });
    const verified = verifyLinkToken([newKey], token);
    expect(verified?.expiresAt).toEqual(floorToSecond(expiresAt));
    expect(verified?.expiresAt.toISOString()).toBe("2030-06-01T12:00:00.000Z");
  });

  it("rejects a forged mac", () => {
    const token = signLinkToken([newKey], claims);
    const parts = token.split(".");
    parts[4] = Buffer.alloc(32, 7).toString("base64url");
    expect(verifyLinkToken([newKey], parts.join("."))).toBeNull();
  });

  it("rejects a token with any single character changed", () => {
    const token = signLinkToken([newKey], claims);
    const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.";
    for (let i = 0; i < token.length; i++) {
      // A few substitutes per position, including the '.' separator and case flips.
      const substitutes = [...alphabet].filter((c) => c !== token[i]).filter((_, j) => j % 7 === i % 7);
      for (const c of substitutes) {
        const mangled = token.slice(0, i) + c + token.slice(i + 1);
        expect(verifyLinkToken([newKey], mangled), `position ${i} -> ${c}`).toBeNull();
      }
    }
  });

  it("rejects every possible last mac character except the real one", () => {
    // base64 decoders ignore the spare low bits of the final character; we must not.
    const token = signLinkToken([newKey], claims);
    const last = token.at(-1);
    for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") {
      if (c === last) continue;
      expect(verifyLinkToken([newKey], token.slice(0, -1) + c)).toBeNull();
    }
  });

  it("rejects truncated tokens", () => {
    const token = signLinkToken([newKey], claims);
    for (let n = 0; n < token.length; n++) {
      expect(verifyLinkToken([newKey], token.slice(0, n))).toBeNull();
    }
  });

  it("rejects an extra part, extra characters and over-long input", () => {
    const token = signLinkToken([newKey], claims);
    expect(verifyLinkToken([newKey], `${token}.x`)).toBeNull();
    expect(verifyLinkToken([newKey], `x.${token}`)).toBeNull();
    expect(verifyLinkToken([newKey], `${token}A`)).toBeNull();
    expect(verifyLinkToken([newKey], ` ${token}`)).toBeNull();
    expect(verifyLinkToken([newKey], `${token}\n`)).toBeNull();
    expect(verifyLinkToken([newKey], token + "a".repeat(300))).toBeNull();
    expect(verifyLinkToken([newKey], "")).toBeNull();
  });

  it("rejects non-canonical numbers (leading zeros) even with a correct mac for the value", () => {
    const token = signLinkToken([newKey], claims);
    const parts = token.split(".");
    // Same numeric values, different spelling: must not parse.
    expect(verifyLinkToken([newKey], [parts[0], `0${parts[1]}`, ...parts.slice(2)].join("."))).toBeNull();
    expect(verifyLinkToken([newKey], [parts[0], parts[1], `0${parts[2]}`, ...parts.slice(3)].join("."))).toBeNull();
    const upper = [parts[0], parts[1], parts[2]!.toUpperCase(), ...parts.slice(3)].join(".");
    expect(upper).not.toBe(token);
    expect(verifyLinkToken([newKey], upper)).toBeNull();
  });

  it("rejects a token signed with a key that is not in the ring", () => {
    const token = signLinkToken([strangerKey], claims);
    expect(verifyLinkToken([newKey], token)).toBeNull();
    expect(verifyLinkToken([key("other")], signLinkToken([key("other")], claims))).toBeNull();
  });

  it("rejects a token signed with a key since removed from the ring", () => {
    const token = signLinkToken([oldKey], claims);
    expect(verifyLinkToken([oldKey], token)).not.toBeNull();
    expect(verifyLinkToken([newKey], token)).toBeNull();
  });

  it("after rotation, old tokens still verify and new tokens use the new key", () => {
    const oldToken = signLinkToken([oldKey], claims);
    const ring = [newKey, oldKey];
    expect(verifyLinkToken(ring, oldToken)?.keyId).toBe(oldKey.id);
    const newToken = signLinkToken(ring, claims);
    expect(newToken.split(".")[3]).toBe(newKey.id);
    expect(verifyLinkToken(ring, newToken)?.keyId).toBe(newKey.id);
  });

  it("does not reject expired tokens: the caller decides (410 naming the agency)", () => {
    const expiresAt = new Date("2001-01-01T00:00:00.000Z");
    const token = signLinkToken([newKey], { ...claims, expiresAt });
    const verified = verifyLinkToken([newKey], token);
    expect(verified?.expiresAt).toEqual(expiresAt);
    expect(verified!.expiresAt.getTime()).toBeLessThan(Date.now());
  });

  it("returns the signed version so the caller can refuse a token after a version bump", () => {
    const v1 = signLinkToken([newKey], { ...claims, version: 1 });
    const v2 = signLinkToken([newKey], { ...claims, version: 2 });
    expect(v1).not.toBe(v2);
    const verified = verifyLinkToken([newKey], v1);
    expect(verified?.version).toBe(1);
    const row = { tokenVersion: 2 };
    expect(verified!.version === row.tokenVersion).toBe(false);
    expect(verifyLinkToken([newKey], v2)?.version).toBe(2);
  });

  it("rejects a valid token with another link id swapped in", () => {
    const token = signLinkToken([newKey], claims);
    const other = signLinkToken([newKey], { ...claims, linkId: "clx2v9q8h0000zzzz9999yyyy" });
    const parts = token.split(".");
    parts[0] = other.split(".")[0]!;
    expect(verifyLinkToken([newKey], parts.join("."))).toBeNull();
  });

  it("rejects link ids that are not cuid-like", () => {
    expect(() => signLinkToken([newKey], { ...claims, linkId: "short" })).toThrow(/link id/);
    expect(() => signLinkToken([newKey], { ...claims, linkId: "Has-Upper.Case1" })).toThrow(/link id/);
    expect(() => signLinkToken([newKey], { ...claims, version: -1 })).toThrow(/version/);
    expect(() => signLinkToken([], claims)).toThrow(/empty/);
  });

  it("fits a full link URL in well under 200 characters for a 25-character cuid", () => {
    const [ringEntry] = generateKeyRingEntry().split(",");
    const ring = parseKeyRing(ringEntry!);
    const token = signLinkToken(ring, { ...claims, version: 999 });
    const url = `https://portal.example-agency.com/l/${token}`;
    expect(LINK_ID).toHaveLength(25);
    expect(url.length).toBeLessThan(200);
    expect(url.length).toBeLessThan(140);
    expect(encodeURIComponent(token)).toBe(token); // URL-safe as is
  });
});

describe("parseKeyRing", () => {
  const secret = randomBytes(32).toString("base64url");

  it("parses a newest-first ring, base64url or base64 secrets", () => {
    const std = randomBytes(48).toString("base64");
    const ring = parseKeyRing(`k2:${secret}, k1:${std}`);
    expect(ring.map((k) => k.id)).toEqual(["k2", "k1"]);
    expect(ring[0]!.secret).toEqual(Buffer.from(secret, "base64url"));
    expect(ring[1]!.secret).toHaveLength(48);
  });

  it("accepts what generateKeyRingEntry produces", () => {
    const entry = generateKeyRingEntry();
    expect(entry).toMatch(/^k\d{8}:[A-Za-z0-9_-]{43}$/);
    expect(parseKeyRing(entry)[0]!.secret).toHaveLength(32);
    expect(generateKeyRingEntry("custom1")).toMatch(/^custom1:/);
    expect(() => generateKeyRingEntry("Bad!")).toThrow();
  });

  it("refuses a short secret without echoing it", () => {
    const short = randomBytes(16).toString("base64url");
    expect(() => parseKeyRing(`k1:${short}`)).toThrow(/k1.*16 bytes.*at least 32/);
    try {
      parseKeyRing(`k1:${short}`);
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("refuses a secret that is not base64", () => {
    expect(() => parseKeyRing(`k1:${secret}!!`)).toThrow(/not base64/);
    expect(() => parseKeyRing(`k1:`)).toThrow(/not base64/);
  });

  it("refuses a bad key id", () => {
    expect(() => parseKeyRing(`K1:${secret}`)).toThrow(/invalid key id/);
    expect(() => parseKeyRing(`${"a".repeat(17)}:${secret}`)).toThrow(/invalid key id/);
    expect(() => parseKeyRing(`:${secret}`)).toThrow(/invalid key id/);
    expect(() => parseKeyRing(secret)).toThrow(/kid:secret/);
  });

  it("refuses duplicate key ids", () => {
    const other = randomBytes(32).toString("base64url");
    expect(() => parseKeyRing(`k1:${secret},k1:${other}`)).toThrow(/"k1" appears more than once/);
  });

  it("refuses an empty ring or empty entries", () => {
    expect(() => parseKeyRing("")).toThrow(/empty/);
    expect(() => parseKeyRing("   ")).toThrow(/empty/);
    expect(() => parseKeyRing(`k1:${secret},`)).toThrow(/entry 2 is empty/);
  });
});

describe("token purposes", () => {
  it("an onboarding-link token never verifies as a staff invitation, nor the reverse", async () => {
    const { generateKeyRingEntry, parseKeyRing, signLinkToken, verifyLinkToken } = await import("./token.server");
    const keys = parseKeyRing(generateKeyRingEntry("kp"));
    const claims = { linkId: "cm0abcdefghijklmnopqrstu", version: 1, expiresAt: new Date(Date.UTC(2030, 0, 1)) };
    const link = signLinkToken(keys, claims);
    const invitation = signLinkToken(keys, claims, "invitation");
    expect(invitation).not.toBe(link);
    expect(verifyLinkToken(keys, link, "invitation")).toBeNull();
    expect(verifyLinkToken(keys, invitation)).toBeNull();
    expect(verifyLinkToken(keys, invitation, "invitation")?.linkId).toBe(claims.linkId);
  });
});
