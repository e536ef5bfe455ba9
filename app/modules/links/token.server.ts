import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The signed onboarding-link token (DESIGN.md section 4).
 *
 *   <linkId>.<version base36>.<expiry unix seconds base36>.<kid>.<mac>
 *
 * The MAC binds every other part, so a token can be checked before any database read: a forged
 * or mangled token costs no query. The token carries no secret state of its own: the database
 * row (status, tokenVersion, expiresAt) decides whether a valid token may still be used.
 * Nothing here logs or stores a token.
 */

export type SigningKey = { id: string; secret: Buffer };

export type LinkTokenClaims = { linkId: string; version: number; expiresAt: Date };

export type VerifiedLinkToken = LinkTokenClaims & { keyId: string };

const KEY_ID = /^[a-z0-9]{1,16}$/;
const LINK_ID = /^[a-z0-9]{8,40}$/;
// Standard or URL-safe base64, optional trailing padding only.
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const MIN_SECRET_BYTES = 32;

const MAC_DOMAIN = "olp1";
const MAC_CHARS = 43; // base64url of 32 bytes, unpadded
const MAX_TOKEN_LENGTH = 200;
// Base36 with no leading zeros (canonical), at most 8 digits: 36^8 < 2^53, so always a safe integer.
const B36 = "(0|[1-9a-z][0-9a-z]{0,7})";
const TOKEN = new RegExp(`^([a-z0-9]{8,40})\\.${B36}\\.${B36}\\.([a-z0-9]{1,16})\\.([A-Za-z0-9_-]{${MAC_CHARS}})$`);

/**
 * Parses LINK_SIGNING_KEYS: "kid:secret,kid2:secret", newest first. The first key signs, every
 * key verifies, so rotation is: prepend a new key, wait out the link lifetime, drop the old one.
 * Error messages name the entry and key id but never echo a secret.
 */
export function parseKeyRing(value: string): SigningKey[] {
  if (value.trim() === "") {
    throw new Error('is empty: expected "kid:secret" entries separated by commas');
  }
  const keys: SigningKey[] = [];
  value.split(",").forEach((raw, index) => {
    const entry = raw.trim();
    const where = `entry ${index + 1}`;
    if (entry === "") throw new Error(`${where} is empty (check for a stray comma)`);
    const colon = entry.indexOf(":");
    if (colon === -1) throw new Error(`${where} is not in the form kid:secret`);
    const id = entry.slice(0, colon);
    const encoded = entry.slice(colon + 1);
    if (!KEY_ID.test(id)) {
      throw new Error(`${where} has an invalid key id: use 1-16 lowercase letters or digits`);
    }
    if (keys.some((k) => k.id === id)) throw new Error(`key id "${id}" appears more than once`);
    if (!BASE64.test(encoded)) {
      throw new Error(`key "${id}" has a secret that is not base64url (or base64)`);
    }
    // Node's base64 decoder accepts both alphabets.
    const secret = Buffer.from(encoded, "base64");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new Error(`key "${id}" has a secret of ${secret.length} bytes; at least ${MIN_SECRET_BYTES} random bytes are required`);
    }
    keys.push({ id, secret });
  });
  return keys;
}

/** A fresh "k<yyyymmdd>:<base64url of 32 random bytes>" entry, e.g. for the first start. */
export function generateKeyRingEntry(id?: string): string {
  const kid = id ?? `k${new Date().toISOString().slice(0, 10).replaceAll("-", "")}`;
  if (!KEY_ID.test(kid)) throw new Error("key id must be 1-16 lowercase letters or digits");
  return `${kid}:${randomBytes(MIN_SECRET_BYTES).toString("base64url")}`;
}

/**
 * The token carries expiry in whole seconds, so callers must store this floored value as the
 * row's expiresAt: otherwise the token and the row disagree by up to 999 ms.
 */
export function floorToSecond(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

/** Signs with keys[0] (the newest key). expiresAt is floored to the second: see floorToSecond. */
/**
 * What a token is for, signed into its MAC: a token made for one purpose (a staff invitation)
 * never verifies as another (an onboarding link), even for the same id.
 */
export type TokenPurpose = "link" | "invitation" | "password-reset" | "verify-email";
const PURPOSE_DOMAIN: Record<TokenPurpose, string> = {
  link: MAC_DOMAIN,
  invitation: "olp1-invitation",
  "password-reset": "olp1-password-reset",
  "verify-email": "olp1-verify-email",
};

export function signLinkToken(keys: SigningKey[], claims: LinkTokenClaims, purpose: TokenPurpose = "link"): string {
  const key = keys[0];
  if (!key) throw new Error("cannot sign a link token: the key ring is empty");
  if (!KEY_ID.test(key.id) || key.secret.length < MIN_SECRET_BYTES) {
    throw new Error("cannot sign a link token: the signing key is invalid");
  }
  if (!LINK_ID.test(claims.linkId)) throw new Error("cannot sign a link token: invalid link id");
  if (!Number.isSafeInteger(claims.version) || claims.version < 0) {
    throw new Error("cannot sign a link token: version must be a non-negative integer");
  }
  const ms = claims.expiresAt.getTime();
  if (!Number.isFinite(ms) || ms < 0) throw new Error("cannot sign a link token: invalid expiry");
  const expSeconds = Math.floor(ms / 1000);

  const version36 = claims.version.toString(36);
  const exp36 = expSeconds.toString(36);
  // Refuse what verify would refuse, rather than hand out a dead link.
  if (version36.length > 8 || exp36.length > 8) {
    throw new Error("cannot sign a link token: version or expiry out of range");
  }
  const mac = computeMac(key, claims.linkId, claims.version, expSeconds, purpose);
  return `${claims.linkId}.${version36}.${exp36}.${key.id}.${mac}`;
}

/**
 * Returns the claims of an authentic token, or null. It does NOT check expiry or version: the
 * caller compares them with the database row (an expired link must still answer 410 naming the
 * agency, and an old version must be refused).
 */
export function verifyLinkToken(keys: SigningKey[], token: string, purpose: TokenPurpose = "link"): VerifiedLinkToken | null {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return null;
  const match = TOKEN.exec(token);
  if (!match) return null;
  // Every group is mandatory in TOKEN, so these are all present.
  const [, linkId = "", version36 = "", exp36 = "", kid = "", mac = ""] = match;

  // An unknown kid covers both forged ids and keys removed from the ring.
  const key = keys.find((k) => k.id === kid);
  if (!key) return null;

  const version = parseInt(version36, 36);
  const expSeconds = parseInt(exp36, 36);
  // Compare the encoded strings, not decoded bytes: base64 decoding ignores the spare low bits
  // of the last character, so two different strings can decode to the same MAC.
  const expected = Buffer.from(computeMac(key, linkId, version, expSeconds, purpose), "ascii");
  const given = Buffer.from(mac, "ascii");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;

  return { linkId, version, expiresAt: new Date(expSeconds * 1000), keyId: kid };
}

function computeMac(key: SigningKey, linkId: string, version: number, expSeconds: number, purpose: TokenPurpose): string {
  // Domain-separated and '|'-delimited; no field can contain '|', so the encoding is unambiguous.
  const message = `${PURPOSE_DOMAIN[purpose]}|${linkId}|${version}|${expSeconds}|${key.id}`;
  return createHmac("sha256", key.secret).update(message, "utf8").digest("base64url");
}
