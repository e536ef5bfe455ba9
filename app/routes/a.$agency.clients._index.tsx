import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { listClients } from "~/modules/clients/clients.server";
import { handled } from "~/modules/http/route.server";

const QuerySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  archived: z.enum(["1"]).optional().catch(undefined),
  cursor: z
    .string()
    .regex(/^[a-z0-9]{8,40}$/)
    .optional()
    .catch(undefined),
});

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "clients:read");
    const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const page = await listClients(agency.id, { q: query.q || undefined, archived: query.archived === "1", cursor: query.cursor });
    return json({ slug: agency.slug, query, ...page });
  });
}

export default function Clients() {
  const { slug, query, items, nextCursor } = useLoaderData<typeof loader>();
  const base = `/a/${slug}/clients`;
  const next = new URLSearchParams({
    ...(query.q ? { q: query.q } : {}),
    ...(query.archived ? { archived: "1" } : {}),
    ...(nextCursor ? { cursor: nextCursor } : {}),
  });
  return (
    <>
      <div className="page-head">
        <h1>{query.archived ? "Archived clients" : "Clients"}</h1>
        <Link className="button" to={`${base}/new`}>
          New client
        </Link>
      </div>
      <Form method="get" className="filters">
        <label htmlFor="q">Search</label>
        <input id="q" name="q" defaultValue={query.q ?? ""} placeholder="Client name" />
        {query.archived ? <input type="hidden" name="archived" value="1" /> : null}
        <button type="submit" className="secondary">
          Search
        </button>
        <Link to={query.archived ? base : `${base}?archived=1`}>{query.archived ? "Active clients" : "Archived clients"}</Link>
      </Form>
      {items.length === 0 ? (
        <p className="muted">No clients yet. Create one to send it an onboarding link.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Client</th>
              <th>Contact</th>
              <th>Sites</th>
              <th>Links</th>
              <th>Grants</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`${base}/${c.id}`}>{c.name}</Link>
                </td>
                <td>
                  {c.contactName} <span className="muted">{c.contactEmail}</span>
                </td>
                <td>{c._count.sites}</td>
                <td>{c._count.links}</td>
                <td>{c._count.grants}</td>
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
