import Negotiator from "negotiator";

import { DEFAULT_LOCALE, type Locale, localeOrNull, LOCALES } from "./locales";

/** The best of our languages for an Accept-Language header ("es-MX" finds "es"); null when none fits. */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
  if (!header) return null;
  const [best] = new Negotiator({ headers: { "accept-language": header } }).languages([...LOCALES]);
  return localeOrNull(best);
}

/**
 * The client page's language: the one the client picked on the page (`?lang=`), else the link's
 * (chosen by staff), else the browser's, else English.
 */
export function clientPageLocale(input: { picked: string | null; link: string | null; acceptLanguage: string | null }): Locale {
  return localeOrNull(input.picked) ?? localeOrNull(input.link) ?? localeFromAcceptLanguage(input.acceptLanguage) ?? DEFAULT_LOCALE;
}

/** A client email's language: the link's, else English (an email has no browser to ask). */
export function clientEmailLocale(link: { locale: string | null }): Locale {
  return localeOrNull(link.locale) ?? DEFAULT_LOCALE;
}
