import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Archive, Plus, Search, Users } from "lucide-react";
import { z } from "zod";

import { buttonClasses } from "~/components/ui/button";
import { EmptyState, PageHeader } from "~/components/ui/layout";
import { SearchField } from "~/components/ui/search-field";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
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

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data?.query.archived ? "Archived clients" : "Clients", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "clients:read");
    const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const page = await listClients(agency.id, { q: query.q || undefined, archived: query.archived === "1", cursor: query.cursor });
    return json({ slug: agency.slug, query, ...page });
  });
}

type Query = z.infer<typeof QuerySchema>;

function SearchForm({ query }: { query: Query }) {
  return (
    <Form method="get" role="search" aria-label="Clients" className="mb-4 flex flex-wrap items-end gap-3">
      <SearchField defaultValue={query.q} placeholder="Client name" />
      {query.archived ? <input type="hidden" name="archived" value="1" /> : null}
    </Form>
  );
}

/** Nothing to list: no clients at all, none archived, or none matching the search. */
function NoClients({ base, query }: { base: string; query: Query }) {
  if (query.q) {
    return (
      <EmptyState
        icon={Search}
        title={`No ${query.archived ? "archived " : ""}client matches “${query.q}”`}
        action={
          <Link className={buttonClasses("secondary")} to={query.archived ? `${base}?archived=1` : base}>
            Show all {query.archived ? "archived " : ""}clients
          </Link>
        }
      >
        Search looks at the client&apos;s name.
      </EmptyState>
    );
  }
  if (query.archived) {
    return (
      <EmptyState
        icon={Archive}
        title="No archived clients"
        action={
          <Link className={buttonClasses("secondary")} to={base}>
            Back to active clients
          </Link>
        }
      >
        Archiving a client revokes its open links and lists its access for review; archived clients show here.
      </EmptyState>
    );
  }
  return (
    <EmptyState
      icon={Users}
      title="Add your first client"
      action={
        <Link className={buttonClasses("primary")} to={`${base}/new`}>
          <Plus aria-hidden className="h-4 w-4" />
          New client
        </Link>
      }
    >
      No clients yet. A client is a company whose Hotjar you need: its contact person and its sites. Then send it a link.
    </EmptyState>
  );
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
      <PageHeader
        title={query.archived ? "Archived clients" : "Clients"}
        description={
          query.archived
            ? "Clients you archived: their links were revoked. Open one to restore it."
            : "The companies you ask for Hotjar access, with their contact and sites."
        }
        actions={
          <>
            <Link className={buttonClasses("secondary")} to={query.archived ? base : `${base}?archived=1`}>
              {query.archived ? "Active clients" : "Archived clients"}
            </Link>
            <Link className={buttonClasses("primary")} to={`${base}/new`}>
              <Plus aria-hidden className="h-4 w-4" />
              New client
            </Link>
          </>
        }
      />
      <SearchForm query={query} />
      {items.length === 0 ? (
        <NoClients base={base} query={query} />
      ) : (
        <Table data-testid="clients">
          <thead>
            <tr>
              <Th>Client</Th>
              <Th>Contact</Th>
              <Th>Sites</Th>
              <Th>Links</Th>
              <Th>Grants</Th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <Tr key={c.id} data-client={c.id}>
                <Td label="Client">
                  <Link to={`${base}/${c.id}`} className="inline-flex min-h-touch items-center font-medium md:min-h-0">
                    {c.name}
                  </Link>
                </Td>
                <Td label="Contact">
                  {c.contactName}
                  <div className="text-sm text-muted [overflow-wrap:anywhere]">{c.contactEmail}</div>
                </Td>
                <Td label="Sites">{c._count.sites}</Td>
                <Td label="Links">{c._count.links}</Td>
                <Td label="Grants">{c._count.grants}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      {nextCursor ? (
        <div className="mt-4 flex justify-end">
          <Link className={buttonClasses("secondary", "sm")} to={`${base}?${next}`}>
            Next page
          </Link>
        </div>
      ) : null}
    </>
  );
}
