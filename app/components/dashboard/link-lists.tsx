import { Link } from "@remix-run/react";

import { buttonClasses } from "~/components/ui/button";
import { Card } from "~/components/ui/layout";
import { When } from "~/components/ui/when";

type LinkSummary = { id: string; expiresAt: string; newLinkRequestedAt: string | null; client: { name: string } };

/** Clients who found their link expired and asked for a new one; the link's page reissues it. */
export function NewLinkRequests({ base, now, links }: { base: string; now: string; links: LinkSummary[] }) {
  return (
    <Card title="New link requested">
      {links.length === 0 ? (
        <p className="m-0 text-muted">No client is waiting for a new link.</p>
      ) : (
        <ul className="m-0 list-none space-y-2 p-0" data-testid="new-link-requests">
          {links.map((l) => (
            <li key={l.id} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
              <span className="min-w-0 break-words">
                <strong>{l.client.name}</strong> asked for a new link{" "}
                {l.newLinkRequestedAt ? <When date={l.newLinkRequestedAt} now={now} className="text-muted" /> : null}
              </span>
              <Link to={`${base}/links/${l.id}`} className={buttonClasses("secondary", "sm")}>
                Reissue
                <span className="sr-only"> the link of {l.client.name}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** Open links whose lifetime ends within a day. */
export function ExpiringLinks({ base, now, links }: { base: string; now: string; links: LinkSummary[] }) {
  return (
    <Card title="Expiring within 24 hours">
      {links.length === 0 ? (
        <p className="m-0 text-muted">No open link expires in the next 24 hours.</p>
      ) : (
        <ul className="m-0 list-none space-y-2 p-0" data-testid="expiring-links">
          {links.map((l) => (
            <li key={l.id} className="break-words">
              <Link to={`${base}/links/${l.id}`}>{l.client.name}</Link> expires <When date={l.expiresAt} now={now} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

type StepsReport = { id: string; linkId: string; clientName: string; text: string; at: string };

/** Clients who said Hotjar does not look like their page's steps, lately; shown only when there are some. */
export function StepsReports({ base, now, reports }: { base: string; now: string; reports: StepsReport[] }) {
  if (reports.length === 0) return null;
  return (
    <Card title="Steps reported as different">
      <ul className="m-0 list-none space-y-3 p-0" data-testid="steps-reports">
        {reports.map((r) => (
          <li key={r.id} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
            <span className="min-w-0 flex-1 break-words">
              <strong>{r.clientName}</strong> says Hotjar looks different: <q className="line-clamp-2">{r.text}</q>
              <When date={r.at} now={now} className="text-sm text-muted" />
            </span>
            <Link to={`${base}/links/${r.linkId}`} className={buttonClasses("secondary", "sm")}>
              See the link
              <span className="sr-only"> of {r.clientName}</span>
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}
