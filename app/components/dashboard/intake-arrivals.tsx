import { Link } from "@remix-run/react";

import { buttonClasses } from "~/components/ui/button";
import { Card } from "~/components/ui/layout";
import { When } from "~/components/ui/when";

type Arrival = { id: string; createdAt: string; intakeName: string; client: { name: string; contactName: string } };

/** Clients who arrived through an intake link in the last days, each with a way to the link made for them. */
export function IntakeArrivals({ base, now, days, arrivals }: { base: string; now: string; days: number; arrivals: Arrival[] }) {
  if (arrivals.length === 0) return null;
  return (
    <Card title="New from intake links" actions={<span className="text-sm text-muted">Last {days} days</span>}>
      <ul className="m-0 list-none space-y-2 p-0" data-testid="intake-arrivals">
        {arrivals.map((a) => (
          <li key={a.id} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
            <span className="min-w-0 break-words">
              <strong>{a.client.name}</strong> ({a.client.contactName}) through “{a.intakeName}”{" "}
              <When date={a.createdAt} now={now} className="text-muted" />
            </span>
            <Link to={`${base}/links/${a.id}`} className={buttonClasses("secondary", "sm")}>
              See the link
              <span className="sr-only"> of {a.client.name}</span>
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}
