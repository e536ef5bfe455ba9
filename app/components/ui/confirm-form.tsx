import * as Dialog from "@radix-ui/react-dialog";
import { Form, useActionData, useLocation, useNavigation } from "@remix-run/react";
import { type ReactNode, useState } from "react";

import { useHydrated } from "../use-hydrated";
import { buttonClasses, type ButtonSize, type ButtonVariant, SubmitButton, useIsSubmitting } from "./button";

// One action that needs a yes (docs/decisions/040). With JavaScript: a button opening a dialog
// that says what will happen. Without: the button posts, the server answers "confirm first"
// (askToConfirm), and this same component then shows the question in the page. The words are
// written once, here, for both.

type Props = {
  /** The form's fields (intent, ids), sent with the confirmed post. */
  fields: Record<string, string>;
  /** The button that starts it, e.g. "Revoke link". */
  trigger: ReactNode;
  /** The question, e.g. "Revoke this link?". */
  title: string;
  /** What will happen, in the user's words: who is emailed, what stops working. */
  description: ReactNode;
  /** The button that does it, e.g. "Revoke link". */
  confirmLabel: string;
  /** What the confirm button says while it works, e.g. "Revoking…". */
  pendingLabel?: string;
  action?: string;
  variant?: ButtonVariant;
  size?: ButtonSize;
};

type ActionData = { confirmation?: Record<string, string> } | undefined;

function sameFields(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  if (!a) return false;
  return Object.entries(b).every(([k, v]) => a[k] === v) && Object.keys(a).length === Object.keys(b).length;
}

function HiddenFields({ fields, confirmed }: { fields: Record<string, string>; confirmed: boolean }) {
  return (
    <>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {confirmed ? <input type="hidden" name="confirmed" value="yes" /> : null}
    </>
  );
}

export function ConfirmForm({
  fields,
  trigger,
  title,
  description,
  confirmLabel,
  pendingLabel,
  action,
  variant = "danger",
  size = "sm",
}: Props) {
  const hydrated = useHydrated();
  const asked = sameFields((useActionData() as ActionData)?.confirmation, fields);
  const location = useLocation();
  const [open, setOpen] = useState(false);
  // This form's post, not another row's with the same intent: every field must match.
  const posting = useIsSubmitting({ formAction: action, intent: fields.intent });
  const sent = useNavigation().formData;
  const submitting = posting && Object.entries(fields).every(([name, value]) => sent?.get(name) === value);

  if (asked) {
    // The server asked: the question in the page, focused, with a way back.
    return (
      <section
        role="alertdialog"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-description"
        className="my-3 rounded-lg border border-solid border-danger bg-card p-4"
      >
        <h2 id="confirm-title" className="m-0 text-lg">
          {title}
        </h2>
        <div id="confirm-description" className="mt-2 text-[0.95rem] text-fg">
          {description}
        </div>
        <Form method="post" action={action} className="mt-4 flex flex-wrap gap-2">
          <HiddenFields fields={fields} confirmed />
          <SubmitButton variant="destructive" pendingLabel={pendingLabel}>
            {confirmLabel}
          </SubmitButton>
          <a href={location.pathname + location.search} className={buttonClasses("secondary")}>
            Cancel
          </a>
        </Form>
      </section>
    );
  }

  if (!hydrated) {
    return (
      <Form method="post" action={action} className="inline">
        <HiddenFields fields={fields} confirmed={false} />
        <button type="submit" className={buttonClasses(variant, size)}>
          {trigger}
        </button>
      </Form>
    );
  }

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className={buttonClasses(variant, size)} disabled={submitting} aria-busy={submitting || undefined}>
        {submitting && pendingLabel ? pendingLabel : trigger}
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg bg-card p-5 shadow-xl">
          <Dialog.Title className="m-0 text-lg font-semibold">{title}</Dialog.Title>
          <Dialog.Description asChild>
            <div className="mt-2 text-[0.95rem] text-fg">{description}</div>
          </Dialog.Description>
          <Form method="post" action={action} className="mt-5 flex flex-wrap justify-end gap-2" onSubmit={() => setOpen(false)}>
            <HiddenFields fields={fields} confirmed />
            <Dialog.Close className={buttonClasses("secondary")}>Cancel</Dialog.Close>
            <SubmitButton variant="destructive" pendingLabel={pendingLabel}>
              {confirmLabel}
            </SubmitButton>
          </Form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
