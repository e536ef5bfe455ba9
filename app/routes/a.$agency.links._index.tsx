import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { relative } from "~/components/dates";
import { StatusBadge } from "~/components/status-badge";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { handled } from "~/modules/http/route.server";
import { isOpenStatus, LINK_STATUSES } from "~/modules/links/link-state";
import { listLinks } from "~/modules/links/links.server";
import { LinkListQuerySchema } from "~/modules/links/schemas";

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "links:read");
    const query = LinkListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const now = new Date();
    const page = await listLinks(agency.id, query, now);
    return json({ slug: agency.slug, query, now: now.toISOString(), ...page });
  });
}

export default function Links() {
  const { slug, query, now, items, nextCursor } = useLoaderData<typeof loader>();
  const base = `/a/${slug}/links`;
  const next = new URLSearchParams({
    ...(query.status ? { status: query.status } : {}),
    ...(query.q ? { q: query.q } : {}),
    ...(nextCursor ? { cursor: nextCursor } : {}),
  });
  return (
    <>
      <div className="page-head">
        <h1>Links</h1>
        <Link className="button" to={`${base}/new`}>
          New link
        </Link>
      </div>
      <Form method="get" className="filters">
        <label htmlFor="status">Status</label>
        <select id="status" name="status" defaultValue={query.status ?? ""}>
          <option value="">All</option>
          {LINK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.toLowerCase()}
            </option>
          ))}
        </select>
        <label htmlFor="q">Client</label>
        <input id="q" name="q" defaultValue={query.q ?? ""} placeholder="Search by client" />
        <button type="submit" className="secondary">
          Filter
        </button>
      </Form>
      {items.length === 0 ? (
        <p className="muted">No links match.</p>
      ) : (
        <table data-testid="links">
          <thead>
            <tr>
              <th>Client</th>
              <th>Status</th>
              <th>Time left</th>
              <th>Role</th>
              <th>Sites</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {items.map((l) => (
              <tr key={l.id}>
                <td>
                  <Link to={`${base}/${l.id}`}>{l.client.name}</Link>
                </td>
                <td>
                  <StatusBadge status={l.effectiveStatus} />
                  {l.newLinkRequestedAt ? <span className="badge">new link requested</span> : null}
                </td>
                <td>{isOpenStatus(l.effectiveStatus) ? `expires ${relative(l.expiresAt, now)}` : "—"}</td>
                <td>{l.role === "USER" ? "User" : "Viewer"}</td>
                <td>{l.clientPicksSite ? <span className="muted">client picks</span> : l.sites.map((s) => s.hotjarSiteId).join(", ")}</td>
                <td>{relative(l.createdAt, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor ? (
        <p>
          <Link to={`${base}?${next}`}>Next page</Link>
        </p>
      ) : null}
    </>
  );
}
