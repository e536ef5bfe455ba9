import { json } from "@remix-run/node";

// Actions that cannot be undone, or that email a client, happen only with `confirmed=yes`
// (docs/decisions/040). The dialog sends it; a post without it (JavaScript off, or a form
// posted from elsewhere) is answered with the page again, asking to confirm, and changes nothing.

export const CONFIRM_FIELD = "confirmed";

export type ConfirmationRequest = { confirmation: Record<string, string> };

/** Null when the post is confirmed; otherwise the answer that asks for confirmation. */
export function askToConfirm(formData: FormData): ReturnType<typeof json<ConfirmationRequest>> | null {
  if (formData.get(CONFIRM_FIELD) === "yes") return null;
  const fields: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string" && key !== CONFIRM_FIELD) fields[key] = value;
  return json({ confirmation: fields }, { status: 200 });
}
