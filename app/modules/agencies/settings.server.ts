import { z } from "zod";

import { type Actor, recordEvent } from "~/modules/audit/events.server";
import { email } from "~/modules/auth/schemas";
import { hasTwoFactor } from "~/modules/auth/two-factor.server";
import { db } from "~/modules/db/db.server";
import { LocaleChoiceSchema, ROLE_VALUES } from "~/modules/links/schemas";

import { normalizeHexColor } from "./branding";

const days = (min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: "Enter a number of days" })
    .int("Enter a whole number of days")
    .min(min, `Between ${min} and ${max} days`)
    .max(max, `Between ${min} and ${max} days`);

/** The settings form: display name, branding colour, link defaults, clients' language, reviews, notifications. */
export const AgencySettingsSchema = z.object({
  name: z
    .string({ required_error: "Enter the agency's name" })
    .trim()
    .min(2, "Use at least 2 characters")
    .max(100, "Keep it under 100 characters"),
  accentColor: z
    .string()
    .default("")
    .refine(
      (v) => v.trim() === "" || normalizeHexColor(v) !== null,
      "Enter a colour like #1f6feb (# and six hex digits), or leave it empty",
    )
    .transform((v) => normalizeHexColor(v)),
  granteeEmail: email,
  defaultLifetimeDays: days(1, 30),
  defaultRole: z.enum(ROLE_VALUES, { errorMap: () => ({ message: "Choose Viewer or User" }) }),
  locale: LocaleChoiceSchema,
  reviewIntervalDays: days(7, 365),
  notificationEmail: z
    .union([z.literal(""), email])
    .default("")
    .transform((v) => v || null),
});

export type AgencySettings = z.infer<typeof AgencySettingsSchema>;

const SETTINGS_SELECT = {
  name: true,
  accentColor: true,
  granteeEmail: true,
  defaultLifetimeDays: true,
  defaultRole: true,
  locale: true,
  reviewIntervalDays: true,
  notificationEmail: true,
} as const;

/** Saves the settings and records what changed (old and new values) in one transaction. */
export async function updateSettings(agencyId: string, actor: Actor, input: AgencySettings): Promise<{ changed: string[] }> {
  return db.$transaction(async (tx) => {
    const before = await tx.agency.findUniqueOrThrow({ where: { id: agencyId }, select: SETTINGS_SELECT });
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(SETTINGS_SELECT) as (keyof AgencySettings)[]) {
      if (before[key] !== input[key]) changes[key] = { from: before[key], to: input[key] };
    }
    const changed = Object.keys(changes);
    if (changed.length === 0) return { changed };
    await tx.agency.update({ where: { id: agencyId }, data: input });
    await recordEvent(tx, { agencyId, actor, type: "settings.updated", details: { changes } });
    return { changed };
  });
}

export async function getSettings(agencyId: string) {
  return db.agency.findUniqueOrThrow({ where: { id: agencyId }, select: { ...SETTINGS_SELECT, logoUrl: true, requireTwoFactor: true } });
}

export const RequireTwoFactorSchema = z.object({
  requireTwoFactor: z
    .literal("on")
    .optional()
    .transform((v) => v === "on"),
});

export type RequireTwoFactorResult = { ok: true; changed: boolean } | { ok: false; message: string };

/**
 * "Require two-factor sign-in for every member" (Owners only, checked by the route): an Owner
 * turns it on only with two-factor sign-in on themselves, so the setting never locks its author out.
 */
export async function setRequireTwoFactor(
  agencyId: string,
  actor: Extract<Actor, { type: "staff" }>,
  requireTwoFactor: boolean,
): Promise<RequireTwoFactorResult> {
  if (requireTwoFactor) {
    const me = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { totpEnabledAt: true } });
    if (!hasTwoFactor(me)) return { ok: false, message: "Turn on two-factor sign-in for your own account first." };
  }
  return db.$transaction(async (tx) => {
    const before = await tx.agency.findUniqueOrThrow({ where: { id: agencyId }, select: { requireTwoFactor: true } });
    if (before.requireTwoFactor === requireTwoFactor) return { ok: true, changed: false };
    await tx.agency.update({ where: { id: agencyId }, data: { requireTwoFactor } });
    const changes = { requireTwoFactor: { from: before.requireTwoFactor, to: requireTwoFactor } };
    await recordEvent(tx, { agencyId, actor, type: "settings.updated", details: { changes } });
    return { ok: true, changed: true };
  });
}
