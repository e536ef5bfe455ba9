import { useState } from "react";

import { useHydrated } from "./use-hydrated";

/**
 * A value to copy: selectable text for everyone, plus a Copy button once JavaScript runs
 * (without it, the button could not do anything, so it is not shown).
 */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const ready = useHydrated();
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-field">
      <span className="copy-label">{label}</span>
      <code className="copy-value" data-testid={testId}>
        {value}
      </code>
      {ready ? (
        <button
          type="button"
          className="secondary small"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
          aria-label={`Copy ${label}`}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      ) : null}
    </div>
  );
}
