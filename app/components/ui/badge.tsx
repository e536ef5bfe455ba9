import { clsx } from "clsx";
import type { ReactNode } from "react";

export type Tone = "neutral" | "info" | "success" | "warning" | "danger";

const TONES: Record<Tone, string> = {
  neutral: "bg-canvas text-muted border-line",
  info: "bg-accent-soft text-accent border-accent-soft",
  success: "bg-ok-soft text-ok border-ok-soft",
  warning: "bg-warn-soft text-warn border-warn-soft",
  danger: "bg-danger-soft text-danger border-danger-soft",
};

/** A short label with a colour that says how it stands; the words carry the meaning. */
export function Badge({ tone = "neutral", children, className }: { tone?: Tone; children: ReactNode; className?: string }) {
  return (
    <span
      className={clsx(
        "inline-flex items-center whitespace-nowrap rounded-full border border-solid px-2 py-0.5 text-xs font-semibold",
        TONES[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}
