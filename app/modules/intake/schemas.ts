import { z } from "zod";

import { email } from "~/modules/auth/schemas";
import { ClientSchema, SiteSchema } from "~/modules/clients/schemas";
import { CreateLinkSchema, LocaleChoiceSchema, MAX_LIFETIME_HOURS, ROLE_VALUES } from "~/modules/links/schemas";

// The rules an intake link and an arrival share with a link and a client are those schemas'
// own fields (one rule in one place); only what is intake's own is written here.
const linkFields = CreateLinkSchema.innerType().innerType().shape;
const clientFields = ClientSchema.innerType().shape;

/** The random public part of an intake link's URL (/i/<publicId>): 32 url-safe characters. */
export const INTAKE_PUBLIC_ID = /^[A-Za-z0-9_-]{22,64}$/;

/** A link's longest life, in days: the links made through an intake link are links. */
export const MAX_INTAKE_LIFETIME_DAYS = MAX_LIFETIME_HOURS / 24;
export const MAX_INTAKE_DAILY_LIMIT = 1000;
/** What the New page offers (the schema's column default too). */
export const DEFAULT_INTAKE_DAILY_LIMIT = 50;

/** The defaults an intake link gives every link made through it (the staff form). */
export const IntakeLinkSchema = z.object({
  name: z.string().trim().min(1, "Name the intake link (only your team sees it)").max(100, "Keep it under 100 characters"),
  role: z.enum(ROLE_VALUES, { errorMap: () => ({ message: "Choose Viewer or User (Admin is never requested)" }) }),
  // Empty: the visitor's browser decides.
  locale: LocaleChoiceSchema,
  lifetimeDays: linkFields.lifetimeValue.max(MAX_INTAKE_LIFETIME_DAYS, `Between 1 and ${MAX_INTAKE_LIFETIME_DAYS} days`),
  reason: linkFields.reason,
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
  companyName: clientFields.name,
  contactName: clientFields.contactName,
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
