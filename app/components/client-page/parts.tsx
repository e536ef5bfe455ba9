import type { InputHTMLAttributes } from "react";
import { useIntl } from "react-intl";

import type { ActionData } from "./types";
import { useT } from "./use-t";

/** Every form of the page carries the language the client picked, so the answer stays in it. */
export function LangField({ picked }: { picked: string | null }) {
  return picked ? <input type="hidden" name="lang" value={picked} /> : null;
}

export function FormErrorLine({ actionData, intent }: { actionData?: ActionData; intent: string }) {
  const t = useT();
  if (!actionData?.formError || actionData.intent !== intent) return null;
  return (
    <p className="form-error" role="alert">
      {t(actionData.formError.id, actionData.formError.values)}
    </p>
  );
}

/** A time in the page's language, in UTC with the zone named, the same on the server and in the browser. */
export function When({ iso, dateOnly = false }: { iso: string; dateOnly?: boolean }) {
  const intl = useIntl();
  const text = dateOnly
    ? intl.formatDate(iso, { dateStyle: "medium" })
    : `${intl.formatDate(iso, { dateStyle: "medium", timeStyle: "short" })} UTC`;
  return <time dateTime={iso}>{text}</time>;
}

export function errorText(t: ReturnType<typeof useT>, actionData: ActionData | undefined, name: string) {
  const id = actionData?.fieldErrors?.[name];
  return id ? t(id) : undefined;
}

export function Input({
  name,
  label,
  actionData,
  defaultValue,
  hint,
  ...input
}: {
  name: string;
  label: string;
  actionData?: ActionData;
  defaultValue?: string;
  hint?: string;
} & InputHTMLAttributes<HTMLInputElement>) {
  const t = useT();
  const error = errorText(t, actionData, name);
  const id = `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        defaultValue={actionData?.values?.[name] ?? defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...input}
      />
      {hint ? <p className="hint">{hint}</p> : null}
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextArea({ name, label, hint, actionData }: { name: string; label: string; hint?: string; actionData?: ActionData }) {
  const t = useT();
  const error = errorText(t, actionData, name);
  const id = `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        rows={3}
        defaultValue={actionData?.values?.[name]}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {hint ? <p className="hint">{hint}</p> : null}
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
