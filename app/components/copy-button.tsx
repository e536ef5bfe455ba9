import { Check, Copy } from "lucide-react";

import { Button, type ButtonSize, type ButtonVariant } from "./ui/button";
import { useToast } from "./ui/toaster";
import { useCopy } from "./use-copy";
import { useHydrated } from "./use-hydrated";

/**
 * A Copy button that says "Copied" for two seconds and shows a toast (`toast`), once JavaScript
 * runs; without it the button could do nothing, so it is not drawn.
 */
export function CopyButton({
  value,
  label,
  toast,
  variant = "secondary",
  size = "sm",
}: {
  value: string;
  /** What is copied, for screen readers: "Copy link for Acme Shoes". */
  label: string;
  toast?: string;
  variant?: ButtonVariant;
  size?: ButtonSize;
}) {
  const ready = useHydrated();
  const show = useToast();
  const { copied, copy } = useCopy(value, toast ? () => show({ kind: "success", message: toast }) : undefined);
  if (!ready) return null;
  return (
    <Button variant={variant} size={size} onClick={copy} aria-label={label}>
      {copied ? <Check aria-hidden className="h-4 w-4" /> : <Copy aria-hidden className="h-4 w-4" />}
      <span aria-live="polite">{copied ? "Copied" : "Copy"}</span>
    </Button>
  );
}
