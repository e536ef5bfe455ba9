import { json } from "@remix-run/node";

import { type FormFailure, formFailure, formValues } from "~/modules/http/forms.server";

import { clientFormInput, type ClientInput, ClientSchema, fieldName } from "./schemas";
import { applySiteRowIntent, EMPTY_SITE_ROW, siteRowIntent, siteRowsFromValues, siteRowValues } from "./site-rows";

/** Parses the client form, mapping nested zod errors back to the form's field names. */
export function parseClientForm(formData: FormData): { ok: true; data: ClientInput } | { ok: false; response: Response } {
  const { input, rowOf } = clientFormInput(formValues(formData));
  const result = ClientSchema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const name = fieldName(issue.path, rowOf);
    (fieldErrors[name] ??= []).push(issue.message);
  }
  return { ok: false, response: formFailure(fieldErrors, formData) };
}

/**
 * "Add another site" and "Remove" without JavaScript: they submit the form with
 * `intent=add-site` or `intent=remove-site:N`, and get it back redrawn with every value kept and
 * the rows changed; nothing is saved. Null for any other intent.
 */
export function redrawSiteRows(formData: FormData): Response | null {
  const intent = siteRowIntent(formData.get("intent"));
  if (!intent) return null;
  const values = formValues(formData);
  const { rows, error } = applySiteRowIntent(siteRowsFromValues(values), intent, () => ({ ...EMPTY_SITE_ROW }));
  const others = Object.fromEntries(Object.entries(values).filter(([key]) => key !== "intent" && !key.startsWith("sites[")));
  return json<FormFailure>({ ok: false, fieldErrors: error ? { sites: [error] } : {}, values: { ...others, ...siteRowValues(rows) } });
}
