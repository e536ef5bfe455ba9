import { json } from "@remix-run/node";

import { type FormFailure, formInput, formValues } from "~/modules/http/forms.server";

import { type EndpointInput, EndpointSchema } from "./schemas";

/** The endpoint form parsed; on failure a 400 that re-renders it with every ticked box kept. */
export function parseEndpointForm(
  formData: FormData,
): { ok: true; data: EndpointInput } | { ok: false; response: ReturnType<typeof json<FormFailure>> } {
  const eventTypes = formData.getAll("eventTypes").map(String);
  const parsed = EndpointSchema.safeParse({ ...formInput(formData), eventTypes });
  if (parsed.success) return { ok: true, data: parsed.data };
  const { fieldErrors, formErrors } = parsed.error.flatten();
  return { ok: false, response: endpointFailure(fieldErrors, formData, formErrors[0]) };
}

export function endpointFailure(fieldErrors: Record<string, string[] | undefined>, formData: FormData, formError?: string) {
  const values = { ...formValues(formData), eventTypes: formData.getAll("eventTypes").map(String).join(" ") };
  return json<FormFailure>({ ok: false, fieldErrors, formError, values }, { status: 400 });
}
