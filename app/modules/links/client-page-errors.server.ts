import type { ZodIssue } from "zod";

import { CATALOG } from "~/modules/i18n/messages.server";

/** A message id and its values, formatted by the page in the client's language. */
export type PageMessage = { id: string; values?: Record<string, string | number> };

const KIND: Partial<Record<ZodIssue["code"], string>> = { too_small: "required", too_big: "tooLong" };

/** The page's message for a field: `page.error.<field>.<kind>` when there is one, else a general one. */
export function fieldErrorId(field: string, kind: string): string {
  // The field's own words for this kind of error, else for any (an empty email is "enter a valid email" too).
  for (const key of [`error.${field}.${kind}`, `error.${field}.invalid`]) if (key in CATALOG.en.page) return `page.${key}`;
  return kind === "tooLong" ? "page.error.tooLong" : "page.error.invalid";
}

/** zod's issues as message ids per field (the first issue of each field), for the client's page. */
export function fieldErrorIds(issues: ZodIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "form");
    out[field] ??= fieldErrorId(field, KIND[issue.code] ?? "invalid");
  }
  return out;
}
