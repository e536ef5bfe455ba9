import { Link } from "@remix-run/react";

import { Card } from "~/components/ui/layout";
import { statusWords } from "~/modules/audit/event-words";
import { LINK_STATUSES, type LinkStatus } from "~/modules/links/link-state";

/** All the agency's links by status, each a link to the list filtered by it. */
export function StatusCounts({ base, counts }: { base: string; counts: Record<LinkStatus, number> }) {
  return (
    <Card title="Links by status">
      <ul className="m-0 grid list-none grid-cols-2 gap-2 p-0 sm:grid-cols-3">
        {LINK_STATUSES.map((status) => (
          <li key={status} className="min-w-0">
            <Link
              to={`${base}/links?status=${status}`}
              data-testid={`count-${status}`}
              className="flex min-h-touch flex-col rounded-md border border-solid border-line px-3 py-2 text-fg no-underline hover:bg-canvas"
            >
              <span className="text-2xl font-bold tabular-nums leading-tight">{counts[status]}</span>{" "}
              <span className="text-sm text-muted">{statusWords(status)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}
