import type { ReactNode } from "react";

import { statusWords } from "~/modules/audit/event-words";
import { type GrantProgress, grantProgressWords } from "~/modules/grants/grant-progress";

import { Badge, type Tone } from "./ui/badge";

// A link's or a grant's status as a kit Badge. The words are event-words' statusWords; the colour
// says whether it needs someone (warning), went well (success) or ended (neutral, danger).

const TONES: Record<string, Tone> = {
  PENDING: "info",
  OPENED: "info",
  COMPLETED: "success",
  DECLINED: "danger",
  EXPIRED: "warning",
  REVOKED: "neutral",
  INVITED: "warning",
  INVITE_EXPIRED: "danger",
  ACTIVE: "success",
};

/** `data-status` carries the code for tests and styles; the reader gets the words. */
export function StatusPill({ status, tone, children }: { status: string; tone?: Tone; children?: ReactNode }) {
  return (
    <Badge tone={tone ?? TONES[status] ?? "neutral"}>
      <span data-status={status}>{statusWords(status)}</span>
      {children}
    </Badge>
  );
}

/**
 * A link's status, and for a completed one how many of its sites are verified: "Completed · 1 of
 * 2 sites verified" in amber until every site is, so a green badge never hides work left to do.
 */
export function LinkStatusPill({ status, progress }: { status: string; progress: GrantProgress }) {
  const words = status === "COMPLETED" ? grantProgressWords(progress) : null;
  const allVerified = progress.total > 0 && progress.verified === progress.total;
  return (
    <StatusPill status={status} tone={status === "COMPLETED" && !allVerified ? "warning" : undefined}>
      {/* The space is for the text (copied, read aloud); the margin is for the eye in a flex box. */}
      {words ? (
        <>
          {" "}
          <span className="ml-1 font-normal">· {words}</span>
        </>
      ) : null}
    </StatusPill>
  );
}
