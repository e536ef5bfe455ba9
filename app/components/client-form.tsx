import { Form } from "@remix-run/react";
import { Plus, X } from "lucide-react";
import { useState } from "react";
import { flushSync } from "react-dom";

import {
  ADD_SITE_INTENT,
  applySiteRowIntent,
  EMPTY_SITE_ROW,
  initialSiteRows,
  isBlankSiteRow,
  removeSiteIntent,
  SITE_FIELDS,
  siteFieldName,
  type SiteRow,
  type SiteRowIntent,
  siteRowsFromValues,
} from "~/modules/clients/site-rows";

import { Field, FieldError, type FieldErrors, FormError } from "./form";
import { LocaleSelect, localeWords } from "./locale-select";
import { buttonClasses, SubmitButton } from "./ui/button";
import { useHydrated } from "./use-hydrated";

type Site = { hotjarSiteId: string; name: string; url: string | null };
export type ClientFormDefaults = {
  name?: string;
  contactName?: string;
  contactEmail?: string;
  hotjarOrganizationId?: string | null;
  locale?: string | null;
  sites?: Site[];
};

const ADD_SITE_BUTTON_ID = "add-site";

/** A row on screen: `key` keeps its inputs (and what was typed) when rows around it go; `posted` is its number in the last submission. */
type Row = { key: number; initial: SiteRow; posted?: number };
type RowsState = { source?: Record<string, string>; rows: Row[]; nextKey: number; limit?: string };

/**
 * The rows posted in `source` (after an action), else the client's sites and an empty row. Keys
 * are new each time, so the inputs show exactly what the action sent back.
 */
function rowsState(source: Record<string, string> | undefined, sites: Site[] = [], firstKey = 0): RowsState {
  const start = source ? siteRowsFromValues(source) : initialSiteRows(sites);
  let nextKey = firstKey;
  const rows = (start.length > 0 ? start : [{ ...EMPTY_SITE_ROW }]).map((initial, i) => ({
    key: nextKey++,
    initial,
    posted: source ? i : undefined,
  }));
  return { source, rows, nextKey };
}

/**
 * Create and edit share this form. It starts with the client's sites plus one empty row.
 * "Add another site" and "Remove" work without JavaScript (they submit, and the action redraws
 * the form with the rows changed, saving nothing) and, with it, at once in the browser.
 */
export function ClientForm({
  defaults,
  errors,
  formError,
  values,
  submitLabel,
  pendingLabel,
  agencyLocale,
}: {
  defaults: ClientFormDefaults;
  /** The agency's language (Settings), which an empty choice follows. */
  agencyLocale: string | null;
  errors?: FieldErrors;
  formError?: string;
  values?: Record<string, string>;
  submitLabel: string;
  /** What the submit button says while the form is sent, e.g. "Creating…". */
  pendingLabel?: string;
}) {
  const v = (name: string, fallback?: string | null) => values?.[name] ?? fallback ?? "";
  const hydrated = useHydrated();
  const [state, setState] = useState(() => rowsState(values, defaults.sites));
  // A new answer from the action (errors after a save): its rows are what was just posted.
  if (state.source !== values) setState(rowsState(values, defaults.sites, state.nextKey));
  const { rows } = state;

  const change = (intent: SiteRowIntent) => {
    let nextKey = state.nextKey;
    const result = applySiteRowIntent(rows, intent, () => ({ key: nextKey++, initial: { ...EMPTY_SITE_ROW } }));
    flushSync(() => setState({ ...state, rows: result.rows, nextKey, limit: result.error }));
    if (result.error) return;
    // The cursor follows the change: into the new row, or the row that took the removed one's place.
    const index = intent.type === "add" ? rows.length : intent.index;
    (document.getElementById(`field-${siteFieldName(index, "hotjarSiteId")}`) ?? document.getElementById(ADD_SITE_BUTTON_ID))?.focus();
  };
  // Without JavaScript these are submit buttons named `intent`; with it, plain buttons.
  const rowButton = (intent: SiteRowIntent, value: string) =>
    hydrated ? ({ type: "button", onClick: () => change(intent) } as const) : ({ type: "submit", name: "intent", value } as const);
  const siteErrors = state.limit ? { sites: [state.limit] } : errors;

  return (
    <Form method="post" noValidate>
      {/* First in the form, so Enter in any field saves: the browser presses the first submit button. An input, not a
          button: the stylesheet's `button { display }` would show a hidden button. */}
      <input type="submit" name="intent" value="save" hidden tabIndex={-1} />
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
      <LocaleSelect
        label="Language"
        emptyLabel={`The agency's language (${localeWords(agencyLocale, "automatic")})`}
        defaultValue={v("locale", defaults.locale)}
        errors={errors}
        hint="Of the client's page and emails: new links for this client start with it, and each link can take another."
      />
      <fieldset className="mx-0 mb-4 mt-2 min-w-0 rounded-lg border border-solid border-line px-3 pb-3 pt-1 sm:px-4">
        <legend className="px-1">Hotjar sites</legend>
        <p className="hint mb-3 mt-0 [overflow-wrap:anywhere]">
          Type each site&apos;s ID, or paste its address from Hotjar (insights.hotjar.com/site/<b>1234567</b>/overview): we keep the number.
          The website may be typed without https://. An empty row is skipped.
        </p>
        {rows.map((row, i) => {
          const n = i + 1;
          // Errors belong to the row that was posted with them, wherever it is now.
          const fieldErrors: FieldErrors =
            row.posted === undefined
              ? undefined
              : Object.fromEntries(SITE_FIELDS.map((f) => [siteFieldName(i, f), errors?.[siteFieldName(row.posted!, f)]]));
          return (
            <fieldset
              key={row.key}
              aria-label={`Site ${n}`}
              data-site-row={n}
              className="m-0 mb-3 min-w-0 rounded-md border border-solid border-line bg-canvas px-3 pb-1 pt-3"
            >
              <div className="site-row">
                <Field
                  label={`Site ${n} ID`}
                  name={siteFieldName(i, "hotjarSiteId")}
                  defaultValue={row.initial.hotjarSiteId}
                  errors={fieldErrors}
                  autoComplete="off"
                />
                <Field label={`Site ${n} name`} name={siteFieldName(i, "name")} defaultValue={row.initial.name} errors={fieldErrors} />
                <Field
                  label={`Site ${n} URL (optional)`}
                  name={siteFieldName(i, "url")}
                  defaultValue={row.initial.url}
                  errors={fieldErrors}
                  inputMode="url"
                  autoComplete="off"
                />
              </div>
              {/* Removing a lone row leaves an empty one: pointless while it was empty. */}
              {rows.length > 1 || !isBlankSiteRow(row.initial) ? (
                <div className="mb-2 flex justify-end">
                  <button
                    className={buttonClasses("ghost", "sm")}
                    aria-label={`Remove site ${n}`}
                    {...rowButton({ type: "remove", index: i }, removeSiteIntent(i))}
                  >
                    <X aria-hidden className="h-4 w-4" />
                    Remove
                  </button>
                </div>
              ) : null}
            </fieldset>
          );
        })}
        <FieldError errors={siteErrors} name="sites" />
        <button id={ADD_SITE_BUTTON_ID} className={buttonClasses("secondary")} {...rowButton({ type: "add" }, ADD_SITE_INTENT)}>
          <Plus aria-hidden className="h-4 w-4" />
          Add another site
        </button>
      </fieldset>
      <SubmitButton intent="save" pendingLabel={pendingLabel}>
        {submitLabel}
      </SubmitButton>
    </Form>
  );
}
