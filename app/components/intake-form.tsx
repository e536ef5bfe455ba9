import { Form } from "@remix-run/react";

import { Field, FieldError, FormError } from "~/components/form";
import { LocaleSelect } from "~/components/locale-select";
import { RoleChoices } from "~/components/role-choices";
import { SubmitButton } from "~/components/ui/button";
import type { FormFailure } from "~/modules/http/forms.server";
import { MAX_INTAKE_DAILY_LIMIT, MAX_INTAKE_LIFETIME_DAYS } from "~/modules/intake/schemas";

export type IntakeDefaults = {
  name: string;
  role: string;
  locale: string | null;
  lifetimeDays: number;
  reason: string;
  dailyLimit: number;
};

/** The defaults an intake link gives each link made through it: the New and the edit page's form. */
export function IntakeDefaultsForm({
  defaults,
  failure,
  intent,
  submitLabel,
  pendingLabel,
  ipLimit,
}: {
  defaults: IntakeDefaults;
  /** LIMITS.intakeIp's arrivals a day from one network address (server-only, so passed in). */
  ipLimit: number;
  failure?: FormFailure | null;
  intent: string;
  submitLabel: string;
  pendingLabel: string;
}) {
  const values = failure?.values ?? {};
  const errors = failure?.fieldErrors;
  return (
    <Form method="post" className="flex flex-col gap-3">
      <input type="hidden" name="intent" value={intent} />
      <FormError message={failure?.formError} />
      <Field
        label="Name"
        name="name"
        required
        maxLength={100}
        defaultValue={values.name ?? defaults.name}
        errors={errors}
        hint="Only your team sees it, e.g. “Website contact form”."
      />
      <fieldset className="m-0 border-0 p-0">
        <legend className="mb-1 font-semibold">Role asked for</legend>
        <RoleChoices name="role" checked={values.role ?? defaults.role} />
        <p className="hint">Admin is never requested.</p>
        <FieldError errors={errors} name="role" />
      </fieldset>
      <LocaleSelect
        label="Language of the page"
        emptyLabel="Automatic (the visitor's browser)"
        defaultValue={values.locale ?? defaults.locale}
        errors={errors}
      />
      <div className="field">
        <label htmlFor="field-reason">Business reason (visitors see it)</label>
        <textarea id="field-reason" name="reason" rows={3} defaultValue={values.reason ?? defaults.reason} />
        <FieldError errors={errors} name="reason" />
      </div>
      <Field
        label="Lifetime of each link, in days"
        name="lifetimeDays"
        type="number"
        min={1}
        max={MAX_INTAKE_LIFETIME_DAYS}
        defaultValue={values.lifetimeDays ?? String(defaults.lifetimeDays)}
        errors={errors}
      />
      <Field
        label="Arrivals allowed per day"
        name="dailyLimit"
        type="number"
        min={1}
        max={MAX_INTAKE_DAILY_LIMIT}
        defaultValue={values.dailyLimit ?? String(defaults.dailyLimit)}
        errors={errors}
        hint={`Counted from midnight UTC across all visitors; one network address may arrive ${ipLimit} times a day.`}
      />
      <div>
        <SubmitButton pendingLabel={pendingLabel}>{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}
