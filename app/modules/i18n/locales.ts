import { z } from "zod";

/**
 * The languages a client's page and a client's emails come in (docs/decisions/042). English first:
 * it is the fallback when nothing else matches. Staff pages stay in English.
 */
export const LOCALES = ["en", "es", "fr", "de", "nl", "pt"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language in its own words, for the switcher and the staff's select. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  es: "Español",
  fr: "Français",
  de: "Deutsch",
  nl: "Nederlands",
  pt: "Português",
};

export const localeSchema = z.enum(LOCALES);

export function isLocale(value: unknown): value is Locale {
  return localeSchema.safeParse(value).success;
}

/** A stored or submitted language, or null for "automatic" (empty, absent or unknown). */
export function localeOrNull(value: unknown): Locale | null {
  return isLocale(value) ? value : null;
}

/**
 * The language of a new link: the client's, else the agency's; null leaves it to the client's
 * browser. Staff may pick another on the form.
 */
export function defaultLinkLocale(client: { locale: string | null }, agency: { locale: string | null }): Locale | null {
  return localeOrNull(client.locale) ?? localeOrNull(agency.locale);
}
