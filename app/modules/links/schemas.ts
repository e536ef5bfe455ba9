import { z } from "zod";

import { email } from "~/modules/auth/schemas";
import { RECORD_ID } from "~/modules/db/record-id";
import { localeSchema } from "~/modules/i18n/locales";
import { hotjar } from "~/modules/platforms/hotjar";

export const ROLE_VALUES = ["VIEWER", "USER"] as const;
export const MIN_LIFETIME_HOURS = 1;
export const MAX_LIFETIME_HOURS = 30 * 24;

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A language picked on a staff form (settings, client, new link): one of LOCALES, or empty for
 * "automatic" (null). Anything else is refused with a field error, never stored.
 */
const pickedLocale = z
  .union([z.literal(""), localeSchema], { errorMap: () => ({ message: "Choose one of the listed languages" }) })
  .transform((v) => v || null);

/** The agency's and a client's language: empty or absent is null (the client's browser; for a client, the agency's). */
export const LocaleChoiceSchema = pickedLocale.optional().transform((v) => v ?? null);

export const CreateLinkSchema = z
  .object({
    clientId: z.string().min(1, "Choose a client"),
    role: z.enum(ROLE_VALUES, { errorMap: () => ({ message: "Choose Viewer or User (Admin is never requested)" }) }),
    siteMode: z.enum(["named", "clientPicks"], { errorMap: () => ({ message: "Choose which site is asked for" }) }),
    siteIds: z.array(hotjar.siteIdSchema).max(20, "At most 20 sites per link").default([]),
    granteeEmail: email,
    recipientEmail: email,
    reason: z.string().trim().min(3, "Say why you need access (the client sees this)").max(500, "Keep it under 500 characters"),
    lifetimeValue: z.coerce
      .number({ invalid_type_error: "Enter a number" })
      .int("Enter a whole number")
      .positive("Enter a positive number"),
    lifetimeUnit: z.enum(["hours", "days"]),
    // Absent (not asked): createLink takes the client's, else the agency's (defaultLinkLocale); empty: automatic.
    locale: pickedLocale.optional(),
    accessEndsOn: z
      .string()
      .trim()
      .refine((v) => v === "" || (dateOnly.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), "Enter a date like 2027-03-31")
      .transform((v) => (v ? new Date(`${v}T23:59:59Z`) : null)),
  })
  .superRefine((v, ctx) => {
    const hours = v.lifetimeUnit === "days" ? v.lifetimeValue * 24 : v.lifetimeValue;
    if (hours < MIN_LIFETIME_HOURS || hours > MAX_LIFETIME_HOURS) {
      ctx.addIssue({ code: "custom", path: ["lifetimeValue"], message: "The link must live between 1 hour and 30 days" });
    }
    if (v.siteMode === "named" && v.siteIds.length === 0) {
      ctx.addIssue({ code: "custom", path: ["siteIds"], message: "Pick at least one site, or let the client pick" });
    }
    if (v.accessEndsOn && v.accessEndsOn.getTime() <= Date.now()) {
      ctx.addIssue({ code: "custom", path: ["accessEndsOn"], message: "The access end date must be in the future" });
    }
  })
  .transform((v) => ({
    ...v,
    lifetimeHours: v.lifetimeUnit === "days" ? v.lifetimeValue * 24 : v.lifetimeValue,
    siteIds: v.siteMode === "named" ? [...new Set(v.siteIds)] : [],
  }));

export type CreateLinkInput = z.infer<typeof CreateLinkSchema>;

export const ReissueSchema = z.object({
  lifetimeDays: z.coerce
    .number({ invalid_type_error: "Enter a number of days" })
    .int("Enter a whole number of days")
    .min(1, "Between 1 and 30 days")
    .max(30, "Between 1 and 30 days"),
});

/** The links page's filters: the page drops a bad value (`.catch`); /api/v1/links refuses it with these messages. */
export const LinkListQuerySchema = z.object({
  status: z.enum(["PENDING", "OPENED", "COMPLETED", "DECLINED", "EXPIRED", "REVOKED"]).optional().catch(undefined),
  q: z
    .string()
    .trim()
    .max(100, "Keep the search under 100 characters")
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  cursor: z.string().regex(RECORD_ID, "Send the nextCursor of the previous page").optional().catch(undefined),
});

/** The client's confirmation form on the link page. */
export const CompleteLinkSchema = z.object({
  clientName: z.string().trim().min(1, "Enter your name").max(100, "Keep it under 100 characters"),
  clientEmail: email,
  siteIds: z
    .array(hotjar.siteIdSchema)
    .min(1, "Enter the Hotjar site ID you sent the invitation on")
    .max(20, "At most 20 sites")
    .transform((ids) => [...new Set(ids)]),
});

export const DeclineLinkSchema = z.object({
  reason: z
    .string()
    .trim()
    .max(500, "Keep it under 500 characters")
    .optional()
    .transform((v) => v || null),
});

/** The confirmation form's fields as CompleteLinkSchema reads them, from FormData or URLSearchParams. */
export function grantFields(form: { get(name: string): unknown; getAll(name: string): unknown[] }) {
  return {
    clientName: form.get("clientName") ?? "",
    clientEmail: form.get("clientEmail") ?? "",
    siteIds: splitSiteIds(form.getAll("siteIds").map(String)),
  };
}

/** Free text of site ids ("123, 456") into a list; validation happens in the schema. */
export function splitSiteIds(values: string[]): string[] {
  return values.flatMap((v) => v.split(/[\s,;]+/)).filter(Boolean);
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it under ${max} characters`)
    .optional()
    .transform((v) => v || null);

/** "I'm not the Hotjar admin": who to send the same link to, and an optional note. */
export const ForwardLinkSchema = z.object({
  colleagueEmail: email,
  colleagueName: optionalText(100),
  fromName: optionalText(100),
  note: optionalText(500),
});

/** "Something looks different?": what the client sees instead of the steps. */
export const StepsReportSchema = z.object({
  text: z.string().trim().min(1, "Say what you see instead").max(1000, "Keep it under 1000 characters"),
});
