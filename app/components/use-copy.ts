import { useEffect, useState } from "react";

/** How long a Copy button says "Copied" before it offers to copy again. */
export const COPIED_FOR_MS = 2000;

/**
 * Copies `value` to the clipboard; `copied` is true for COPIED_FOR_MS after a copy that worked,
 * then false again, so the button can be used twice.
 */
export function useCopy(value: string, onCopied?: () => void) {
  const [copiedAt, setCopiedAt] = useState<number | null>(null);
  useEffect(() => {
    if (copiedAt === null) return;
    const timer = setTimeout(() => setCopiedAt(null), COPIED_FOR_MS);
    return () => clearTimeout(timer);
  }, [copiedAt]);
  const copy = () => {
    void navigator.clipboard?.writeText(value).then(
      () => {
        setCopiedAt(Date.now());
        onCopied?.();
      },
      () => setCopiedAt(null),
    );
  };
  return { copied: copiedAt !== null, copy };
}
