import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { formatDateTime, relative } from "~/components/dates";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { getDashboard } from "~/modules/dashboard/dashboard.server";
import { emailDeliveryCounts } from "~/modules/email/staff.server";
import { handled } from "~/modules/http/route.server";
import { LINK_STATUSES } from "~/modules/links/link-state";

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "dashboard:read");
    const now = new Date();
    return json({
      slug: agency.slug,
      now: now.toISOString(),
      email: await emailDeliveryCounts(agency.id),
      ...(await getDashboard(agency.id, now)),
    });
  });
}

export default function Dashboard() {
  const { slug, now, counts, expiringSoon, newLinkRequests, events, email } = useLoaderData<typeof loader>();
  const base = `/a/${slug}`;
  return (
    <>
      <div className="page-head">
        <h1>Dashboard</h1>
        <Link className="button" to={`${base}/links/new`}>
          New link
        </Link>
      </div>
      <section aria-label="Links by status" className="stat-grid">
        {LINK_STATUSES.map((status) => (
          <Link key={status} to={`${base}/links?status=${status}`} className="stat" data-testid={`count-${status}`}>
            <span className="stat-value">{counts[status]}</span>
            <span className="stat-label">{status.toLowerCase()}</span>
          </Link>
        ))}
      </section>
      <div className="columns">
        <section>
          <h2>New link requested</h2>
          {newLinkRequests.length === 0 ? (
            <p className="muted">No client is waiting for a new link.</p>
          ) : (
            <ul className="plain" data-testid="new-link-requests">
              {newLinkRequests.map((l) => (
                <li key={l.id}>
                  <Link to={`${base}/links/${l.id}`}>{l.client.name}</Link> asked {relative(l.newLinkRequestedAt!, now)}: reissue it
                </li>
              ))}
            </ul>
          )}
          <h2>Expiring within 24 hours</h2>
          {expiringSoon.length === 0 ? (
            <p className="muted">Nothing expires in the next 24 hours.</p>
          ) : (
            <ul className="plain">
              {expiringSoon.map((l) => (
                <li key={l.id}>
                  <Link to={`${base}/links/${l.id}`}>{l.client.name}</Link> expires {relative(l.expiresAt, now)}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section>
          <h2>Email delivery</h2>
          <p data-testid="email-delivery">
            <span data-count="queued">{email.QUEUED + email.SENDING} queued</span> · <span data-count="sent">{email.SENT} sent</span> ·{" "}
            <span data-count="failed" className={email.FAILED ? "error" : undefined}>
              {email.FAILED} failed
            </span>
          </p>
          <h2>Latest events</h2>
          {events.length === 0 ? (
            <p className="muted">No events yet.</p>
          ) : (
            <ul className="plain events">
              {events.map((e) => (
                <li key={e.id}>
                  <code>{e.type}</code>{" "}
                  <span className="muted">
                    by {e.actorLabel ?? e.actorType}, {formatDateTime(e.createdAt)}
                  </span>
                  {e.linkId ? (
                    <>
                      {" "}
                      · <Link to={`${base}/links/${e.linkId}`}>link</Link>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
