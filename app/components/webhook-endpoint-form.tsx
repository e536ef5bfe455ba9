import { Form } from "@remix-run/react";

import { Field, FieldError, FormError } from "~/components/form";
import { SubmitButton } from "~/components/ui/button";
import { CHOICE_INPUT } from "~/components/ui/choice";
import type { FormFailure } from "~/modules/http/forms.server";
import { WEBHOOK_EVENT_KINDS, WEBHOOK_EVENT_TYPES } from "~/modules/webhooks/event-kinds";

type Values = { url: string; description: string; eventTypes: string[] };

/** The endpoint's address, note and event kinds: the same form to add one and to edit it. */
export function WebhookEndpointForm({
  values,
  failure,
  intent,
  submitLabel,
  pendingLabel,
}: {
  values: Values;
  failure: FormFailure | null | undefined;
  intent: string;
  submitLabel: string;
  pendingLabel: string;
}) {
  // After an error every box that was ticked is ticked again (they come back as one value).
  const chosen = new Set(failure ? (failure.values.eventTypes ?? "").split(" ") : values.eventTypes);
  return (
    <Form method="post" className="flex flex-col gap-3">
      <input type="hidden" name="intent" value={intent} />
      <FormError message={failure?.formError} />
      <Field
        label="Address (URL)"
        name="url"
        type="url"
        required
        inputMode="url"
        placeholder="https://crm.example.com/hooks/portal"
        defaultValue={failure?.values.url ?? values.url}
        errors={failure?.fieldErrors}
        hint="An https:// address your tool receives POST requests on."
      />
      <Field
        label="Note (optional)"
        name="description"
        maxLength={200}
        defaultValue={failure?.values.description ?? values.description}
        errors={failure?.fieldErrors}
        hint="What it is for, e.g. “HubSpot workflow”."
      />
      <fieldset className="m-0 border-0 p-0">
        <legend className="mb-1 font-semibold">Events to send</legend>
        <div className="grid grid-cols-1 gap-1 sm:grid-cols-2">
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className="inline-flex min-h-touch items-center gap-2">
              <input className={CHOICE_INPUT} type="checkbox" name="eventTypes" value={type} defaultChecked={chosen.has(type)} />
              <span>{WEBHOOK_EVENT_KINDS[type]}</span>
            </label>
          ))}
        </div>
        <FieldError errors={failure?.fieldErrors} name="eventTypes" />
      </fieldset>
      <div>
        <SubmitButton intent={intent} pendingLabel={pendingLabel}>
          {submitLabel}
        </SubmitButton>
      </div>
    </Form>
  );
}
