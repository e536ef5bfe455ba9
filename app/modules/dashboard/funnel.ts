import { formatDistanceStrict } from "date-fns";
import { z } from "zod";

/**
 * The dashboard's funnel (issue 15, item 6): of the links sent in a period, how many the client
 * opened, completed, and the agency then verified. Pure: the period's rules, the steps and their
 * rates, shared by the loader and the chart.
 */

export const FUNNEL_PERIODS = [7, 30, 90] as const;
export type FunnelPeriod = (typeof FUNNEL_PERIODS)[number];
export const DEFAULT_FUNNEL_PERIOD: FunnelPeriod = 30;

/** `?days=` of the dashboard: one of the periods; anything else is the default, never an error page. */
export const FunnelQuerySchema = z.object({
  days: z.coerce
    .number()
    .refine((n): n is FunnelPeriod => (FUNNEL_PERIODS as readonly number[]).includes(n))
    .catch(DEFAULT_FUNNEL_PERIOD),
});

export function parseFunnelPeriod(params: URLSearchParams): FunnelPeriod {
  return FunnelQuerySchema.parse({ days: params.get("days") ?? undefined }).days as FunnelPeriod;
}

/** Where a period starts: `days` of 24 hours before `now`, whatever the server's time zone. */
export function funnelPeriodStart(days: FunnelPeriod, now: Date): Date {
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
}

/** What the database counts for a period (funnel.server.ts). */
export type FunnelCounts = {
  /** Links created in the period: each reaches its client by the portal's email or by its copied address. */
  sent: number;
  /** ... that the client opened (or answered, which needs the page open). */
  opened: number;
  completed: number;
  /** ... whose every site the client confirmed was then verified by the agency ("Mark verified"). */
  verified: number;
  /** The median of completedAt - createdAt over the completed ones; null when none completed. */
  medianSentToCompletedMs: number | null;
};

export type FunnelStepKey = "sent" | "opened" | "completed" | "verified";

export const FUNNEL_STEPS: readonly { key: FunnelStepKey; label: string }[] = [
  { key: "sent", label: "Sent" },
  { key: "opened", label: "Opened" },
  { key: "completed", label: "Completed" },
  { key: "verified", label: "Verified" },
];

export type FunnelStep = {
  key: FunnelStepKey;
  label: string;
  count: number;
  /** count / sent: the bar's length. 0 when nothing was sent. */
  shareOfSent: number;
  /** count / the previous step's count: the conversion; null for the first step or after an empty one. */
  rateFromPrevious: number | null;
  previousLabel: string | null;
};

export function funnelSteps(counts: FunnelCounts): FunnelStep[] {
  return FUNNEL_STEPS.map(({ key, label }, i) => {
    const previous = i > 0 ? FUNNEL_STEPS[i - 1]! : null;
    const before = previous ? counts[previous.key] : 0;
    return {
      key,
      label,
      count: counts[key],
      shareOfSent: counts.sent > 0 ? counts[key] / counts.sent : 0,
      rateFromPrevious: previous && before > 0 ? counts[key] / before : null,
      previousLabel: previous?.label ?? null,
    };
  });
}

const percent = new Intl.NumberFormat("en-GB", { style: "percent", maximumFractionDigits: 0 });

/** "67%"; a rate of nothing is not 0%. */
export function percentWords(rate: number | null): string {
  return rate === null ? "no rate yet" : percent.format(rate);
}

/** "2 hours", "3 days", "5 minutes": one unit, as people say it. */
export function durationWords(ms: number): string {
  if (ms < 60_000) return "less than a minute";
  return formatDistanceStrict(0, Math.round(ms));
}
