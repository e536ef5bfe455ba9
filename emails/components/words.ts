// The words of the client emails: `email.<key>` in app/locales/<lang>/email.json (ICU messages,
// docs/decisions/042), read through the react-intl object of the email's language.
import { createElement, type ReactNode } from "react";
import type { IntlShape } from "react-intl";

import { intlFor } from "../../app/modules/i18n/messages.server";

export { intlFor };
export type { IntlShape };
export type Values = Record<string, string | number>;

/** Staff emails stay English; the shared parts they use read from the English messages. */
export const ENGLISH: IntlShape = intlFor("en");

/** A message as plain text (subjects, previews, headings). */
export function say(intl: IntlShape, key: string, values?: Values): string {
  return intl.formatMessage({ id: `email.${key}` }, values);
}

/** A message whose `<b>…</b>` parts show in bold; the values stay text (never parsed as markup). */
export function sayRich(intl: IntlShape, key: string, values?: Values): ReactNode {
  return intl.formatMessage({ id: `email.${key}` }, { ...values, b: (chunks: ReactNode[]) => createElement("strong", null, ...chunks) });
}
