import { ExternalLink, TriangleAlert } from "lucide-react";
import { type ReactNode, useEffect, useRef, useState } from "react";

import { Button, buttonClasses } from "~/components/ui/button";
import { useHydrated } from "~/components/use-hydrated";
import type { InstructionStep } from "~/modules/platforms/platform";
import { copyLabelId, stepMessageId } from "~/modules/platforms/step-text";

import { CopyValue } from "./copy-value";
import { useT } from "./use-t";

/** A step's words, with what the client looks for in Hotjar (its labels, our email, the level) in bold. */
function StepText({ step }: { step: InstructionStep }) {
  const t = useT();
  const values: Record<string, ReactNode> = {};
  for (const [key, value] of Object.entries(step.values)) values[key] = typeof value === "number" ? value : <strong>{value}</strong>;
  return <>{t(stepMessageId(step), values)}</>;
}

/** One step: its words, its warning, the "Open Hotjar" link and the values to copy. */
export function StepBody({ step, warningValues }: { step: InstructionStep; warningValues: Record<string, string | number> }) {
  const t = useT();
  return (
    <div className="grid gap-2">
      <p className="m-0 text-[1.05rem] leading-normal">
        <StepText step={step} />
      </p>
      {step.warning ? (
        <p
          className="m-0 flex gap-2 rounded-md border border-solid border-warn bg-warn-soft p-3 text-sm text-fg"
          role="note"
          data-testid="organization-warning"
        >
          <TriangleAlert aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-warn" />
          <span>{t(`hotjar.${step.warning}`, warningValues)}</span>
        </p>
      ) : null}
      {step.href ? (
        <a href={step.href} target="_blank" rel="noopener noreferrer" className={buttonClasses("secondary", "md", "justify-self-start")}>
          {t("page.steps.openHotjar")}
          <ExternalLink aria-hidden className="h-4 w-4" />
          <span className="sr-only">{t("page.steps.newTab")}</span>
        </a>
      ) : null}
      {step.copy?.map((c) => (
        <CopyValue key={c.label} label={t(copyLabelId(c.label))} value={c.value} />
      ))}
    </div>
  );
}

/**
 * The documented path, one step at a time once JavaScript runs (step 2 of 5, back and next,
 * focus moved to the new step); without JavaScript every step is on the page in order.
 */
export function GuidedSteps({
  steps,
  warningValues,
  onDone,
}: {
  steps: InstructionStep[];
  warningValues: Record<string, string | number>;
  onDone: () => void;
}) {
  const t = useT();
  const guided = useHydrated();
  const [current, setCurrent] = useState(0);
  const moved = useRef(false);
  const headings = useRef<(HTMLHeadingElement | null)[]>([]);
  const total = steps.length;

  useEffect(() => {
    // Only after a Back or Next: the first render must not steal focus from the page.
    if (moved.current) headings.current[current]?.focus();
  }, [current]);

  const go = (index: number) => {
    moved.current = true;
    setCurrent(index);
  };

  return (
    <div>
      {guided ? (
        <div className="mb-2 flex gap-1.5" aria-hidden>
          {steps.map((s, i) => (
            <span key={s.id} className={`h-1.5 flex-1 rounded-full ${i <= current ? "bg-accent" : "bg-line"}`} />
          ))}
        </div>
      ) : null}
      <ol className="m-0 grid list-none gap-3 p-0" data-testid="guided-steps">
        {steps.map((step, i) => (
          <li
            key={step.id}
            hidden={guided && i !== current}
            className="rounded-lg border border-solid border-line bg-card px-4 py-3"
            data-step={i + 1}
          >
            <h3
              className="m-0 mb-1 text-sm font-semibold uppercase tracking-wide text-muted outline-none"
              tabIndex={-1}
              ref={(el) => {
                headings.current[i] = el;
              }}
            >
              {t("page.steps.progress", { step: i + 1, total })}
            </h3>
            <StepBody step={step} warningValues={warningValues} />
          </li>
        ))}
      </ol>
      {guided ? (
        <div className="mt-3 flex gap-2">
          <Button variant="secondary" onClick={() => go(current - 1)} disabled={current === 0} className="flex-1 sm:flex-none">
            {t("page.steps.back")}
          </Button>
          {current < total - 1 ? (
            <Button variant="primary" onClick={() => go(current + 1)} className="flex-1 sm:flex-none">
              {t("page.steps.next")}
            </Button>
          ) : (
            <Button variant="primary" onClick={onDone} className="flex-1 sm:flex-none">
              {t("page.steps.done")}
            </Button>
          )}
        </div>
      ) : null}
    </div>
  );
}
