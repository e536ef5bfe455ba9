import type { InputHTMLAttributes, ReactNode } from "react";

export type FieldErrors = Record<string, string[] | undefined> | undefined;

export function errorFor(errors: FieldErrors, name: string): string | undefined {
  return errors?.[name]?.[0];
}

/** A labelled input with its error right beside it, wired for screen readers. */
export function Field({
  label,
  name,
  errors,
  hint,
  ...input
}: { label: string; name: string; errors?: FieldErrors; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const error = errorFor(errors, name);
  const id = input.id ?? `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...input} />
      {hint ? <p className="hint">{hint}</p> : null}
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function FieldError({ errors, name }: { errors?: FieldErrors; name: string }) {
  const error = errorFor(errors, name);
  return error ? (
    <p className="error" role="alert" data-field={name}>
      {error}
    </p>
  ) : null;
}

export function FormError({ message }: { message?: string }) {
  return message ? (
    <p className="error form-error" role="alert">
      {message}
    </p>
  ) : null;
}
