import { createIntl, createIntlCache, type IntlShape } from "react-intl";

import deEmail from "~/locales/de/email.json";
import deHotjar from "~/locales/de/hotjar.json";
import dePage from "~/locales/de/page.json";
import enEmail from "~/locales/en/email.json";
import enHotjar from "~/locales/en/hotjar.json";
import enPage from "~/locales/en/page.json";
import esEmail from "~/locales/es/email.json";
import esHotjar from "~/locales/es/hotjar.json";
import esPage from "~/locales/es/page.json";
import frEmail from "~/locales/fr/email.json";
import frHotjar from "~/locales/fr/hotjar.json";
import frPage from "~/locales/fr/page.json";
import nlEmail from "~/locales/nl/email.json";
import nlHotjar from "~/locales/nl/hotjar.json";
import nlPage from "~/locales/nl/page.json";
import ptEmail from "~/locales/pt/email.json";
import ptHotjar from "~/locales/pt/hotjar.json";
import ptPage from "~/locales/pt/page.json";

import { DEFAULT_LOCALE, type Locale } from "./locales";

/**
 * The client-facing words, one JSON file per language and namespace under app/locales
 * (ICU messages, read by react-intl: docs/decisions/042). `page`: the client's page; `hotjar`:
 * the Hotjar steps (its UI labels stay in Hotjar's English); `email`: the client's emails.
 */
export const NAMESPACES = ["page", "hotjar", "email"] as const;
export type Namespace = (typeof NAMESPACES)[number];
type Catalog = Record<string, string>;

export const CATALOG: Record<Locale, Record<Namespace, Catalog>> = {
  en: { page: enPage, hotjar: enHotjar, email: enEmail },
  es: { page: esPage, hotjar: esHotjar, email: esEmail },
  fr: { page: frPage, hotjar: frHotjar, email: frEmail },
  de: { page: dePage, hotjar: deHotjar, email: deEmail },
  nl: { page: nlPage, hotjar: nlHotjar, email: nlEmail },
  pt: { page: ptPage, hotjar: ptHotjar, email: ptEmail },
};

/** A language's messages for the given namespaces, ids prefixed with the namespace ("page.title"). */
export function messagesFor(locale: Locale, namespaces: readonly Namespace[] = NAMESPACES): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ns of namespaces) {
    // English underneath: a key missing in a language (which a test forbids) still reads as something.
    for (const [key, text] of Object.entries({ ...CATALOG[DEFAULT_LOCALE][ns], ...CATALOG[locale][ns] })) out[`${ns}.${key}`] = text;
  }
  return out;
}

const cache = createIntlCache();
const intls = new Map<Locale, IntlShape>();

/** Formats client-facing words on the server (emails, step texts), with dates in UTC like the page. */
export function intlFor(locale: Locale): IntlShape {
  let intl = intls.get(locale);
  if (!intl) {
    intl = createIntl({ locale, messages: messagesFor(locale), timeZone: "UTC", defaultLocale: DEFAULT_LOCALE }, cache);
    intls.set(locale, intl);
  }
  return intl;
}
