import { Check, Copy, Download } from "lucide-react";
import { Fragment } from "react";

import { Button, buttonClasses } from "~/components/ui/button";
import { useToast } from "~/components/ui/toaster";
import { useCopy } from "~/components/use-copy";
import { useHydrated } from "~/components/use-hydrated";

// The parts of /account/two-factor: copyable text (the secret, the recovery codes) and the frame
// for an account in no agency.

/** A copy button once JavaScript runs (the text stays selectable without it), with a toast. */
function CopyButton({ value, label }: { value: string; label: string }) {
  const hydrated = useHydrated();
  const toast = useToast();
  const { copied, copy } = useCopy(value, () => toast({ kind: "success", message: `${label} copied.` }));
  if (!hydrated) return null;
  return (
    <Button variant="secondary" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`}>
      {copied ? <Check aria-hidden className="h-4 w-4" /> : <Copy aria-hidden className="h-4 w-4" />}
      {copied ? "Copied" : "Copy"}
    </Button>
  );
}

/** The secret in groups of four, for typing into an app by hand. */
export function SecretText({ grouped, secret }: { grouped: string; secret: string }) {
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md border border-solid border-line bg-canvas px-3 py-2">
      <div className="min-w-0 flex-1">
        <div className="text-sm text-muted">Setup key</div>
        {/* Wraps between groups of four only, so no group is split on a phone. */}
        <code data-testid="totp-secret" className="bg-transparent p-0 text-base font-semibold tracking-wide text-fg">
          {grouped.split(" ").map((group, i) => (
            <Fragment key={i}>
              {i > 0 ? " " : null}
              <span className="whitespace-nowrap">{group}</span>
            </Fragment>
          ))}
        </code>
      </div>
      <CopyButton value={secret} label="Setup key" />
    </div>
  );
}

/** The recovery codes, shown once: copy, download as a text file, or write them down. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const text = `Onboarding links recovery codes (each works once)\n\n${codes.join("\n")}\n`;
  return (
    <div className="rounded-md border border-solid border-line bg-warn-soft p-4" data-testid="recovery-codes">
      <p className="m-0 font-semibold">Save these recovery codes now: they are not shown again.</p>
      <p className="m-0 mt-1 text-muted">
        Each one signs you in once if you lose your phone. Keep them somewhere safe, like a password manager.
      </p>
      <ul className="m-0 mt-3 grid list-none grid-cols-1 gap-1 p-0 sm:grid-cols-2">
        {codes.map((code) => (
          <li key={code}>
            <code className="bg-transparent p-0 text-base">{code}</code>
          </li>
        ))}
      </ul>
      <div className="mt-3 flex flex-wrap gap-2">
        <CopyButton value={text} label="Recovery codes" />
        <a
          className={buttonClasses("secondary")}
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download="onboarding-links-recovery-codes.txt"
        >
          <Download aria-hidden className="h-4 w-4" />
          Download
        </a>
      </div>
    </div>
  );
}
