import { Form, useSubmit } from "@remix-run/react";

import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/layout";
import { useHydrated } from "~/components/use-hydrated";
import { plural } from "~/modules/audit/event-words";
import {
  durationWords,
  FUNNEL_PERIODS,
  type FunnelCounts,
  type FunnelPeriod,
  type FunnelStep,
  funnelSteps,
  percentWords,
} from "~/modules/dashboard/funnel";

/**
 * The period's funnel as bars in plain HTML: each step says its number and its conversion in
 * words, and the bars (hidden from screen readers) only show the same to the eye.
 */
export function FunnelCard({ funnel }: { funnel: FunnelCounts & { days: FunnelPeriod } }) {
  const steps = funnelSteps(funnel);
  return (
    <Card title="From sent to verified" actions={<PeriodForm days={funnel.days} />}>
      <p className="m-0 mb-3 text-sm text-muted">
        {funnel.sent === 0
          ? `No link was sent in the last ${funnel.days} days.`
          : `The ${plural(funnel.sent, "link")} sent in the last ${funnel.days} days (by email or a copied address), and how far each got.`}
      </p>
      <ol className="m-0 list-none space-y-3 p-0" data-testid="funnel">
        {steps.map((step) => (
          <FunnelBar key={step.key} step={step} />
        ))}
      </ol>
      <p className="m-0 mt-4 border-0 border-t border-solid border-line pt-3" data-testid="funnel-median">
        {funnel.medianSentToCompletedMs === null ? (
          <span className="text-muted">No link sent in this period has been completed yet.</span>
        ) : (
          <>
            Median time from sent to completed: <strong>{durationWords(funnel.medianSentToCompletedMs)}</strong>
          </>
        )}
      </p>
    </Card>
  );
}

function FunnelBar({ step }: { step: FunnelStep }) {
  const width = `${Math.round(step.shareOfSent * 1000) / 10}%`;
  return (
    <li data-testid={`funnel-${step.key}`} data-count={step.count}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3">
        <span className="font-medium">{step.label}</span>
        <span>
          <strong className="text-lg tabular-nums">{step.count}</strong>
          {step.previousLabel ? (
            <span className="ml-2 text-sm text-muted" data-testid={`funnel-${step.key}-rate`}>
              {step.rateFromPrevious === null
                ? `of 0 ${step.previousLabel.toLowerCase()}`
                : `${percentWords(step.rateFromPrevious)} of ${step.previousLabel.toLowerCase()}`}
            </span>
          ) : null}
        </span>
      </div>
      <div aria-hidden className="mt-1 h-3 w-full overflow-hidden rounded-full bg-canvas">
        <div className="h-full rounded-full bg-accent" style={{ width }} />
      </div>
    </li>
  );
}

/** A GET form: a button applies it without JavaScript; with it, choosing a period applies it. */
function PeriodForm({ days }: { days: FunnelPeriod }) {
  const submit = useSubmit();
  const hydrated = useHydrated();
  return (
    <Form
      method="get"
      preventScrollReset
      className="flex flex-wrap items-center gap-2"
      onChange={(event) => submit(event.currentTarget, { preventScrollReset: true, replace: true })}
    >
      <label htmlFor="funnel-days" className="text-sm text-muted">
        Period
      </label>
      {/* The key resets the choice when the page comes back with another period (Back, a link). */}
      <select
        key={days}
        id="funnel-days"
        name="days"
        defaultValue={days}
        className="min-h-touch w-auto rounded-md border border-solid border-line bg-card px-2 text-[0.95rem] text-fg"
      >
        {FUNNEL_PERIODS.map((d) => (
          <option key={d} value={d}>
            Last {d} days
          </option>
        ))}
      </select>
      {hydrated ? null : (
        <Button type="submit" variant="secondary" size="sm">
          Show
        </Button>
      )}
    </Form>
  );
}
