import { Link } from "@remix-run/react";

import { Card } from "~/components/ui/layout";
import { When } from "~/components/ui/when";

type EventLine = { id: string; createdAt: string; linkId: string | null; sentence: string; context: string | null };

/** The latest events as sentences (event-words), newest first. */
export function LatestEvents({ base, now, events, auditLog }: { base: string; now: string; events: EventLine[]; auditLog: boolean }) {
  return (
    <Card title="Latest events" actions={auditLog ? <Link to={`${base}/audit`}>Audit log</Link> : undefined}>
      {events.length === 0 ? (
        <p className="m-0 text-muted">No events yet.</p>
      ) : (
        <ul className="m-0 list-none space-y-2 p-0" data-testid="latest-events">
          {events.map((e) => (
            <li key={e.id} className="break-words">
              {e.sentence}
              {e.context ? (
                <>
                  {" · "}
                  {e.linkId ? <Link to={`${base}/links/${e.linkId}`}>{e.context}</Link> : <span>{e.context}</span>}
                </>
              ) : null}
              <When date={e.createdAt} now={now} className="block text-sm text-muted" />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
