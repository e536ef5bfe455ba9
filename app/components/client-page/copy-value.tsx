import { Check, Copy } from "lucide-react";

import { Button } from "~/components/ui/button";
import { useCopy } from "~/components/use-copy";
import { useHydrated } from "~/components/use-hydrated";

import { useT } from "./use-t";

/**
 * A value the client pastes into Hotjar: selectable text for everyone, a 44 px Copy button once
 * JavaScript runs, and "copied" said to screen readers through a live region.
 */
export function CopyValue({ label, value }: { label: string; value: string }) {
  const t = useT();
  const ready = useHydrated();
  const { copied, copy } = useCopy(value);
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-solid border-line bg-canvas px-3 py-2">
      <div className="min-w-0 flex-1">
        <div className="text-sm text-muted">{label}</div>
        <code className="copy-value break-words bg-transparent p-0 text-base font-semibold text-fg">{value}</code>
      </div>
      {ready ? (
        <Button variant="secondary" onClick={copy} aria-label={t("page.steps.copyLabel", { label })}>
          {copied ? <Check aria-hidden className="h-4 w-4" /> : <Copy aria-hidden className="h-4 w-4" />}
          {copied ? t("page.steps.copied") : t("page.steps.copy")}
        </Button>
      ) : null}
      <span role="status" className="sr-only">
        {copied ? t("page.steps.copiedAnnouncement", { label }) : ""}
      </span>
    </div>
  );
}
