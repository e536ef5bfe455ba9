/**
 * The fixed key ring of the test runs ("kid:base64url of 32 bytes", see parseKeyRing). Not a
 * secret: it signs links only in throw-away test databases.
 */
export const TEST_KEY_ID = "ktest";
export const TEST_SIGNING_KEYS = `${TEST_KEY_ID}:${Buffer.alloc(32, 7).toString("base64url")}`;
