import { Form } from "@remix-run/react";

import { Field, type FieldErrors, FormError } from "./form";

type Site = { hotjarSiteId: string; name: string; url: string | null };
export type ClientFormDefaults = {
  name?: string;
  contactName?: string;
  contactEmail?: string;
  hotjarOrganizationId?: string | null;
  sites?: Site[];
};

const SPARE_ROWS = 2;

/** Create and edit share this form; it works without JavaScript (spare rows instead of "add"). */
export function ClientForm({
  defaults,
  errors,
  formError,
  values,
  submitLabel,
}: {
  defaults: ClientFormDefaults;
  errors?: FieldErrors;
  formError?: string;
  values?: Record<string, string>;
  submitLabel: string;
}) {
  const v = (name: string, fallback?: string | null) => values?.[name] ?? fallback ?? "";
  const siteCount = Math.max(
    (defaults.sites?.length ?? 0) + SPARE_ROWS,
    ...Object.keys(values ?? {}).map((k) => Number(/^sites\[(\d+)\]/.exec(k)?.[1] ?? -1) + 1),
  );
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value="save" />
      <FormError message={formError} />
      <Field label="Client name" name="name" defaultValue={v("name", defaults.name)} errors={errors} required />
      <Field label="Contact name" name="contactName" defaultValue={v("contactName", defaults.contactName)} errors={errors} required />
      <Field
        label="Contact email"
        name="contactEmail"
        type="email"
        defaultValue={v("contactEmail", defaults.contactEmail)}
        errors={errors}
        required
      />
      <Field
        label="Hotjar organization ID (optional)"
        name="hotjarOrganizationId"
        inputMode="numeric"
        defaultValue={v("hotjarOrganizationId", defaults.hotjarOrganizationId)}
        errors={errors}
        hint="Digits only. Shown to the client so they open the right organization."
      />
      <fieldset>
        <legend>Hotjar sites</legend>
        <p className="hint">
          The site ID is the number in the Hotjar address, e.g. insights.hotjar.com/site/<b>1234567</b>. Leave a row empty to skip it.
        </p>
        {Array.from({ length: siteCount }, (_, i) => {
          const site = defaults.sites?.[i];
          return (
            <div className="site-row" key={i}>
              <Field
                label={`Site ${i + 1} ID`}
                name={`sites[${i}].hotjarSiteId`}
                inputMode="numeric"
                defaultValue={v(`sites[${i}].hotjarSiteId`, site?.hotjarSiteId)}
                errors={errors}
              />
              <Field
                label={`Site ${i + 1} name`}
                name={`sites[${i}].name`}
                defaultValue={v(`sites[${i}].name`, site?.name)}
                errors={errors}
              />
              <Field
                label={`Site ${i + 1} URL (optional)`}
                name={`sites[${i}].url`}
                defaultValue={v(`sites[${i}].url`, site?.url)}
                errors={errors}
              />
            </div>
          );
        })}
      </fieldset>
      <button type="submit">{submitLabel}</button>
    </Form>
  );
}
