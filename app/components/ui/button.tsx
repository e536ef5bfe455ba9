import { useFormAction, useNavigation } from "@remix-run/react";
import { clsx } from "clsx";
import { Loader2 } from "lucide-react";
import type { ButtonHTMLAttributes, ReactNode } from "react";

// Buttons of the component kit (docs/decisions/040). Every one is at least 44 px tall, the
// touch target a phone needs.

export type ButtonVariant = "primary" | "secondary" | "danger" | "destructive" | "ghost";
export type ButtonSize = "md" | "sm";

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "border-accent bg-accent text-white hover:brightness-110",
  secondary: "border-line bg-card text-fg hover:bg-canvas",
  danger: "border-danger bg-card text-danger hover:bg-danger-soft",
  // The final yes of a confirmation.
  destructive: "border-danger bg-danger text-white hover:brightness-110",
  ghost: "border-transparent bg-transparent text-accent hover:bg-accent-soft",
};

/** The classes of a button, for a `<Link>` or `<a>` that should look like one. */
export function buttonClasses(variant: ButtonVariant = "primary", size: ButtonSize = "md", className?: string) {
  return clsx(
    "inline-flex min-h-touch cursor-pointer items-center justify-center gap-2 rounded-md border border-solid font-medium leading-tight no-underline",
    "focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent",
    "disabled:cursor-not-allowed disabled:opacity-60",
    size === "md" ? "px-4 py-2 text-[0.95rem]" : "px-3 py-1.5 text-sm",
    VARIANTS[variant],
    className,
  );
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: ButtonSize };

export function Button({ variant, size, className, type = "button", ...props }: ButtonProps) {
  return <button type={type} className={buttonClasses(variant, size, className)} {...props} />;
}

/**
 * Whether a form post to `formAction` (this page's, by default) with this `intent` is on its
 * way: the submit button shows it and cannot be pressed again.
 */
export function useIsSubmitting({ formAction, intent }: { formAction?: string; intent?: string } = {}): boolean {
  const navigation = useNavigation();
  const ownAction = useFormAction();
  if (navigation.state === "idle" || !navigation.formMethod || navigation.formMethod.toUpperCase() === "GET") return false;
  if (navigation.formAction !== (formAction ?? ownAction)) return false;
  if (intent !== undefined && navigation.formData?.get("intent") !== intent) return false;
  return true;
}

/**
 * A submit button that, while its form is being sent, is disabled and says what it is doing
 * ("Creating…"). Without JavaScript it is a plain submit button.
 */
export function SubmitButton({
  children,
  pendingLabel,
  pending,
  intent,
  formAction,
  disabled,
  ...props
}: Omit<ButtonProps, "type" | "formAction"> & {
  children: ReactNode;
  /** What the button says while sending, e.g. "Creating…". */
  pendingLabel?: ReactNode;
  /** Overrides the form post detection (a fetcher's own state). */
  pending?: boolean;
  intent?: string;
  formAction?: string;
}) {
  const submitting = useIsSubmitting({ intent, formAction });
  const busy = pending ?? submitting;
  return (
    <Button
      {...props}
      type="submit"
      name={intent ? "intent" : props.name}
      value={intent ?? props.value}
      formAction={formAction}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
    >
      {busy ? <Loader2 aria-hidden className="h-4 w-4 animate-spin" /> : null}
      {busy && pendingLabel ? pendingLabel : children}
    </Button>
  );
}
