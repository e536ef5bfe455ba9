import { z } from "zod";

import { email } from "~/modules/auth/schemas";
import { SiteSchema } from "~/modules/clients/schemas";
import { LocaleChoiceSchema, ROLE_VALUES } from "~/modules/links/schemas";

/** The random public part of an intake link's URL (/i/<publicId>): 32 url-safe characters. */
export const INTAKE_PUBLIC_ID = /^[A-Za-z0-9_-]{22,64}$/;

export const MAX_INTAKE_LIFETIME_DAYS = 30;
export const MAX_INTAKE_DAILY_LIMIT = 1000;
/** What the New page offers (the schema's column default too). */
export const DEFAULT_INTAKE_DAILY_LIMIT = 50;

/** The defaults an intake link gives every link made through it (the staff form). */
export const IntakeLinkSchema = z.object({
  name: z.string().trim().min(1, "Name the intake link (only your team sees it)").max(100, "Keep it under 100 characters"),
  role: z.enum(ROLE_VALUES, { errorMap: () => ({ message: "Choose Viewer or User (Admin is never requested)" }) }),
  // Empty: the visitor's browser decides.
  locale: LocaleChoiceSchema,
  lifetimeDays: z.coerce
    .number({ invalid_type_error: "Enter a number of days" })
    .int("Enter a whole number of days")
    .min(1, `Between 1 and ${MAX_INTAKE_LIFETIME_DAYS} days`)
    .max(MAX_INTAKE_LIFETIME_DAYS, `Between 1 and ${MAX_INTAKE_LIFETIME_DAYS} days`),
  reason: z.string().trim().min(3, "Say why you need access (visitors see this)").max(500, "Keep it under 500 characters"),
  dailyLimit: z.coerce
    .number({ invalid_type_error: "Enter a number" })
    .int("Enter a whole number")
    .min(1, `Between 1 and ${MAX_INTAKE_DAILY_LIMIT}`)
    .max(MAX_INTAKE_DAILY_LIMIT, `Between 1 and ${MAX_INTAKE_DAILY_LIMIT}`),
});
export type IntakeLinkInput = z.infer<typeof IntakeLinkSchema>;

/**
 * What a visitor enters on the public page. The site's fields are the client form's own
 * (SiteSchema); errors reach the page as message ids per field (`page.error.<field>.*`).
 */
export const ArrivalSchema = z.object({
  companyName: z.string().trim().min(1).max(100),
  contactName: z.string().trim().min(1).max(100),
  contactEmail: email,
  siteId: SiteSchema.shape.hotjarSiteId,
  siteName: SiteSchema.shape.name,
  siteUrl: SiteSchema.shape.url,
});
export type ArrivalInput = z.infer<typeof ArrivalSchema>;

export const ARRIVAL_FIELDS = ["companyName", "contactName", "contactEmail", "siteId", "siteName", "siteUrl"] as const;

/**
 * The hidden field people never see: a form that fills it in is a bot's. Its name is one no
 * browser autofill targets (a `website` field could be filled in for a real visitor, who would
 * then be turned away without a word).
 */
export const HONEYPOT_FIELD = "hp_fax_extension";
