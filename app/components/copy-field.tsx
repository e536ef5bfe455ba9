import { useCopy } from "./use-copy";
import { useHydrated } from "./use-hydrated";

/**
 * A value to copy: selectable text for everyone, plus a Copy button once JavaScript runs
 * (without it, the button could not do anything, so it is not shown). The button says "Copied"
 * for two seconds, then "Copy" again.
 */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const ready = useHydrated();
  const { copied, copy } = useCopy(value);
  return (
    <div className="copy-field">
      <span className="copy-label">{label}</span>
      <code className="copy-value" data-testid={testId}>
        {value}
      </code>
      {ready ? (
        <button type="button" className="secondary small" onClick={copy} aria-label={`Copy ${label}`}>
          {copied ? "Copied" : "Copy"}
        </button>
      ) : null}
    </div>
  );
}
