import { json } from "@remix-run/node";
import type { z } from "zod";

export type FieldErrors = Record<string, string[] | undefined>;

/** What an action returns when input is invalid: errors per field, and what the user typed. */
export type FormFailure = { ok: false; fieldErrors: FieldErrors; formError?: string; values: Record<string, string> };

/** Every text field of a form, for parsing. */
export function formInput(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string") values[key] = value;
  return values;
}

/** What the user typed, to re-fill a form after an error; passwords are never sent back. */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !/password/i.test(key)) values[key] = value;
  }
  return values;
}

/** Parses a form with a zod schema; on failure returns a 400 response body to re-render it. */
export function parseForm<T extends z.ZodTypeAny>(
  schema: T,
  formData: FormData,
  input: unknown = formInput(formData),
): { ok: true; data: z.infer<T> } | { ok: false; response: ReturnType<typeof json<FormFailure>> } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const flat = result.error.flatten();
  return {
    ok: false,
    response: json<FormFailure>(
      { ok: false, fieldErrors: flat.fieldErrors, formError: flat.formErrors[0], values: formValues(formData) },
      { status: 400 },
    ),
  };
}

export function formFailure(fieldErrors: FieldErrors, formData: FormData, status = 400, formError?: string) {
  return json<FormFailure>({ ok: false, fieldErrors, formError, values: formValues(formData) }, { status });
}
