import { Languages } from "lucide-react";

import { type Locale, LOCALE_NAMES, LOCALES } from "~/modules/i18n/locales";

import { useT } from "./use-t";

/**
 * The page's language, switchable with plain links (`?lang=`), so it works without JavaScript and
 * a shared URL keeps the reader's choice.
 */
export function LanguageSwitch({ current }: { current: Locale }) {
  const t = useT();
  return (
    <details className="lang-switch relative m-0">
      <summary
        className="inline-flex min-h-touch cursor-pointer items-center gap-1.5 rounded-md px-2 text-sm text-fg"
        aria-label={`${t("page.language.label")}: ${LOCALE_NAMES[current]}`}
      >
        <Languages aria-hidden className="h-4 w-4" />
        {LOCALE_NAMES[current]}
      </summary>
      <ul className="absolute right-0 z-10 m-0 mt-1 min-w-[10rem] list-none rounded-md border border-solid border-line bg-card p-1 shadow-lg">
        {LOCALES.map((locale) => (
          <li key={locale}>
            <a
              href={`?lang=${locale}`}
              hrefLang={locale}
              lang={locale}
              aria-current={locale === current ? "true" : undefined}
              className="flex min-h-touch items-center rounded px-3 text-fg no-underline hover:bg-canvas aria-[current]:font-semibold"
            >
              {LOCALE_NAMES[locale]}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
