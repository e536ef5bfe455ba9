import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { formatDateTime } from "~/components/dates";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { listAuditClients, listAuditEvents } from "~/modules/audit/audit-log.server";
import { ACTOR_TYPES, filterParams, parseAuditQuery } from "~/modules/audit/audit-query";
import { handled } from "~/modules/http/route.server";

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "audit:read");
    const { query, ignored } = parseAuditQuery(new URL(request.url).searchParams);
    const [page, clients] = await Promise.all([listAuditEvents(agency.id, query), listAuditClients(agency.id)]);
    return json({ slug: agency.slug, query, ignored, clients, filters: filterParams(query).toString(), ...page });
  });
}

export default function AuditLog() {
  const { slug, query, ignored, clients, filters, items, nextCursor } = useLoaderData<typeof loader>();
  const base = `/a/${slug}/audit`;
  const next = new URLSearchParams(filters);
  if (nextCursor) next.set("cursor", nextCursor);
  return (
    <>
      <div className="page-head">
        <h1>Audit log</h1>
        <a className="button secondary" href={`${base}.csv${filters ? `?${filters}` : ""}`} download>
          Export CSV
        </a>
      </div>
      <Form method="get" className="filters" aria-label="Filters">
        <label htmlFor="actor">Actor</label>
        <select id="actor" name="actor" defaultValue={query.actor ?? ""}>
          <option value="">All</option>
          {ACTOR_TYPES.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <label htmlFor="type">Event type</label>
        <input id="type" name="type" defaultValue={query.type ?? ""} placeholder="link. or link.created" />
        <label htmlFor="client">Client</label>
        <select id="client" name="client" defaultValue={query.client ?? ""}>
          <option value="">All</option>
          {clients.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {c.archivedAt ? " (archived)" : ""}
            </option>
          ))}
        </select>
        <label htmlFor="from">From</label>
        <input id="from" name="from" type="date" defaultValue={query.from ?? ""} />
        <label htmlFor="to">To</label>
        <input id="to" name="to" type="date" defaultValue={query.to ?? ""} />
        <button type="submit" className="secondary">
          Filter
        </button>
        {filters ? <Link to={base}>Clear</Link> : null}
      </Form>
      {ignored.length > 0 ? (
        <p className="warning" role="status" data-testid="ignored-filters">
          Ignored: {ignored.map((i) => `${i.label} "${i.value}"`).join(", ")}.
        </p>
      ) : null}
      <p className="muted">Times in UTC, newest first. Dates are inclusive.</p>
      {items.length === 0 ? (
        <p className="muted">No events match.</p>
      ) : (
        <table data-testid="audit">
          <thead>
            <tr>
              <th>Time</th>
              <th>Actor</th>
              <th>Event</th>
              <th>Client</th>
              <th>Link</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} data-event-type={e.type}>
                <td>{formatDateTime(e.createdAt)}</td>
                <td>
                  {e.actor}
                  {e.actor !== e.actorType ? <span className="muted"> ({e.actorType})</span> : null}
                </td>
                <td>
                  <code>{e.type}</code>
                </td>
                <td>{e.clientName ?? (e.clientId ? <span className="muted">removed</span> : "")}</td>
                <td>{e.linkId ? <Link to={`/a/${slug}/links/${e.linkId}`}>Open link</Link> : ""}</td>
                <td className="muted">{e.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor ? (
        <p>
          <Link to={`${base}?${next}`}>Older events</Link>
        </p>
      ) : null}
    </>
  );
}
