import type { ReactNode } from "react";

import { LOCALE_NAMES, LOCALES } from "~/modules/i18n/locales";

import { errorFor, type FieldErrors } from "./form";

/** "Español", or what an empty choice means where it is shown ("Automatic (the client's browser)"). */
export function localeWords(locale: string | null | undefined, empty: string): string {
  return locale && locale in LOCALE_NAMES ? LOCALE_NAMES[locale as keyof typeof LOCALE_NAMES] : empty;
}

/**
 * A language select for staff forms: an empty first option (`emptyLabel`: what empty means on this
 * form) and the six languages in their own words. The schema's LocaleChoiceSchema reads it.
 */
export function LocaleSelect({
  label,
  emptyLabel,
  defaultValue,
  errors,
  hint,
  name = "locale",
}: {
  label: string;
  emptyLabel: string;
  defaultValue: string | null | undefined;
  errors?: FieldErrors;
  hint?: ReactNode;
  name?: string;
}) {
  const id = `field-${name}`;
  const error = errorFor(errors, name);
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
      >
        <option value="">{emptyLabel}</option>
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </select>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
