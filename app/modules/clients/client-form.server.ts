import { formFailure, formValues } from "~/modules/http/forms.server";

import { clientFormInput, type ClientInput, ClientSchema, fieldName } from "./schemas";

/** Parses the client form, mapping nested zod errors back to the form's field names. */
export function parseClientForm(formData: FormData): { ok: true; data: ClientInput } | { ok: false; response: Response } {
  const result = ClientSchema.safeParse(clientFormInput(formValues(formData)));
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const name = fieldName(issue.path);
    (fieldErrors[name] ??= []).push(issue.message);
  }
  return { ok: false, response: formFailure(fieldErrors, formData) };
}
