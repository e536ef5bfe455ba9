import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

import type { Prisma } from "@prisma/client";
import { z } from "zod";

import { can, type Role } from "~/modules/agencies/permissions";
import { type Actor, recordEvent, recordEvents } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";
import { notFound } from "~/modules/http/errors";

import { type ApiScope, ApiScopeSchema } from "./scopes";

export { API_SCOPES, type ApiScope, ApiScopeSchema } from "./scopes";

// API keys (issue 18, docs/decisions/049): `olp_<8 chars>_<secret>`. The prefix is stored as
// is (to find the row and to recognise the key in the list); the whole key only as its SHA-256,
// enough for a random 256-bit secret, which no one can guess or look up.

const PREFIX_START = "olp_";

export const CreateApiKeySchema = z.object({
  name: z.string().trim().min(1, "Name the key").max(100, "Keep it under 100 characters"),
  scopes: z.array(ApiScopeSchema).min(1, "Choose at least one scope"),
  // A date (YYYY-MM-DD) from the form; the key works until the end of that day (UTC).
  expiresOn: z
    .union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date")])
    .optional()
    .transform((v) => (v ? new Date(`${v}T23:59:59.999Z`) : null))
    .refine((d) => d === null || (!Number.isNaN(d.getTime()) && d.getTime() > Date.now()), "Choose a date in the future"),
});
export type CreateApiKeyInput = z.infer<typeof CreateApiKeySchema>;

export function hashSecret(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** A key is usable iff it was not revoked and has not expired. */
export function isUsable(key: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): boolean {
  return key.revokedAt === null && (key.expiresAt === null || key.expiresAt.getTime() > now.getTime());
}

export function scopesOf(key: { scopes: string }): ApiScope[] {
  const parsed = z.array(ApiScopeSchema).safeParse(JSON.parse(key.scopes));
  return parsed.success ? parsed.data : [];
}

/** Creates a key; the returned `secret` (the whole key) is never readable again. */
export async function createApiKey(agencyId: string, actor: Extract<Actor, { type: "staff" }>, input: CreateApiKeyInput) {
  const prefix = PREFIX_START + randomBytes(6).toString("base64url").slice(0, 8);
  const secret = `${prefix}_${randomBytes(32).toString("base64url")}`;
  const key = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        agencyId,
        name: input.name,
        prefix,
        secretHash: hashSecret(secret),
        scopes: JSON.stringify(input.scopes),
        createdById: actor.id,
        expiresAt: input.expiresOn,
      },
    });
    await recordEvent(tx, { agencyId, actor, type: "api.key_created", details: { name: input.name, prefix, scopes: input.scopes } });
    return created;
  });
  return { key, secret };
}

export async function listApiKeys(agencyId: string) {
  const keys = await db.apiKey.findMany({
    where: { agencyId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { createdBy: { select: { name: true, email: true } } },
  });
  return keys.map(({ secretHash: _hash, ...key }) => ({ ...key, scopes: scopesOf(key) }));
}

export async function revokeApiKey(agencyId: string, keyId: string, actor: Actor, now = new Date()) {
  return db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id: keyId, agencyId } });
    if (!key) throw notFound("API key");
    if (key.revokedAt) return key;
    const revoked = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: now } });
    await recordEvent(tx, { agencyId, actor, type: "api.key_revoked", details: { name: key.name, prefix: key.prefix } });
    return revoked;
  });
}

/**
 * A key's maker saw its secret: when they leave the agency, or their role no longer lets them
 * manage keys, the keys they made are revoked in the same transaction (each an `api.key_revoked`
 * event with the reason), so no one outside the agency's key managers holds a working key.
 */
export async function revokeKeysBeyondRole(
  tx: Prisma.TransactionClient,
  change: { agencyId: string; makerId: string; role: Role | null; actor: Actor; reason: "role_changed" | "left_agency" },
  now = new Date(),
): Promise<number> {
  if (change.role && can(change.role, "api:manage")) return 0;
  const keys = await tx.apiKey.findMany({
    where: { agencyId: change.agencyId, createdById: change.makerId, revokedAt: null },
    select: { id: true, name: true, prefix: true },
  });
  if (keys.length === 0) return 0;
  await tx.apiKey.updateMany({ where: { id: { in: keys.map((k) => k.id) }, revokedAt: null }, data: { revokedAt: now } });
  await recordEvents(
    tx,
    keys.map((key) => ({
      agencyId: change.agencyId,
      actor: change.actor,
      type: "api.key_revoked",
      details: { name: key.name, prefix: key.prefix, reason: `maker_${change.reason}` },
    })),
  );
  return keys.length;
}

export type ApiCaller = {
  keyId: string;
  agencyId: string;
  scopes: ApiScope[];
  actor: Extract<Actor, { type: "api" }>;
  /** The staff member who made the key: what the key makes is recorded against them (a link's creator). */
  createdById: string;
};

export type AuthResult =
  { ok: true; caller: ApiCaller } | { ok: false; reason: "missing" | "malformed" | "unknown" | "revoked" | "expired" };

/** The `Authorization` header's bearer key, checked: the caller (its agency and scopes), or why not. */
export async function authenticateApiKey(authorization: string | null, now = new Date()): Promise<AuthResult> {
  if (!authorization) return { ok: false, reason: "missing" };
  const match = /^Bearer\s+(olp_[A-Za-z0-9_-]{8})_([A-Za-z0-9_-]{20,100})$/.exec(authorization.trim());
  if (!match) return { ok: false, reason: "malformed" };
  const key = await db.apiKey.findUnique({ where: { prefix: match[1] } });
  const given = Buffer.from(hashSecret(`${match[1]}_${match[2]}`));
  if (!key || !timingSafeEqual(given, Buffer.from(key.secretHash))) return { ok: false, reason: "unknown" };
  if (key.revokedAt) return { ok: false, reason: "revoked" };
  if (!isUsable(key, now)) return { ok: false, reason: "expired" };
  return {
    ok: true,
    caller: {
      keyId: key.id,
      agencyId: key.agencyId,
      scopes: scopesOf(key),
      actor: { type: "api", id: key.id, label: `${key.name} (${key.prefix})` },
      createdById: key.createdById,
    },
  };
}

/** Marks the key used now: the list's "last used". */
export async function touchApiKey(keyId: string, now = new Date()): Promise<void> {
  await db.apiKey.updateMany({ where: { id: keyId }, data: { lastUsedAt: now } });
}
