import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Download, ScrollText, SearchX } from "lucide-react";

import { AuditFilters } from "~/components/audit-filters";
import { buttonClasses } from "~/components/ui/button";
import { EmptyState, PageHeader } from "~/components/ui/layout";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { When } from "~/components/ui/when";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { listAuditClients, listAuditEvents } from "~/modules/audit/audit-log.server";
import { filterParams, parseAuditQuery } from "~/modules/audit/audit-query";
import { handled } from "~/modules/http/route.server";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("Audit log", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "audit:read");
    const { query, ignored } = parseAuditQuery(new URL(request.url).searchParams);
    // Every client, for the filter; their names also name the events' clients.
    const clients = await listAuditClients(agency.id);
    const page = await listAuditEvents(agency.id, query, clients);
    return json({
      slug: agency.slug,
      now: new Date().toISOString(),
      query,
      ignored,
      clients,
      filters: filterParams(query).toString(),
      ...page,
    });
  });
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

const ACTOR_KIND: Record<string, string> = { staff: "Team member", client: "Client", system: "The portal", api: "Integration" };

/** Who did it: the label the event recorded (an email, "Name <email>") and what kind of actor. */
function Actor({ event }: { event: Item }) {
  const kind = ACTOR_KIND[event.actorType] ?? event.actorType;
  if (event.actor === event.actorType) return <span className="text-muted">{kind}</span>;
  return (
    <>
      <span className="[overflow-wrap:anywhere]">{event.actor}</span>
      <div className="text-sm text-muted">{kind}</div>
    </>
  );
}

export default function AuditLog() {
  const { slug, now, query, ignored, clients, filters, items, nextCursor } = useLoaderData<typeof loader>();
  const base = `/a/${slug}/audit`;
  const next = new URLSearchParams(filters);
  if (nextCursor) next.set("cursor", nextCursor);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Everything that happened in the agency, newest first. Hover a time for the exact date (UTC)."
        actions={
          <a className={buttonClasses("secondary")} href={`${base}.csv${filters ? `?${filters}` : ""}`} download>
            <Download aria-hidden className="h-4 w-4" />
            Export CSV
          </a>
        }
      />
      {/* A new key per filter set: "Clear filters" and the back button show the lists as the URL says. */}
      <AuditFilters key={filters} base={base} query={query} clients={clients} filtered={filters !== ""} />
      {ignored.length > 0 ? (
        <p className="warning" role="status" data-testid="ignored-filters">
          Ignored: {ignored.map((i) => `${i.label} "${i.value}"`).join(", ")}.
        </p>
      ) : null}
      {items.length === 0 ? (
        filters ? (
          <EmptyState
            icon={SearchX}
            title="No events match these filters"
            action={
              <Link className={buttonClasses("secondary")} to={base}>
                Clear filters
              </Link>
            }
          >
            Dates are inclusive; an event kind may not have happened yet in this period.
          </EmptyState>
        ) : (
          <EmptyState icon={ScrollText} title="Nothing recorded yet">
            Every change in the agency shows here: links, clients, access, the team and settings.
          </EmptyState>
        )
      ) : (
        <Table data-testid="audit">
          <thead>
            <tr>
              <Th>When</Th>
              <Th>What happened</Th>
              <Th>Done by</Th>
              <Th>
                <span className="sr-only">Link</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <Tr key={e.id} data-event-type={e.type}>
                <Td label="When" className="md:whitespace-nowrap">
                  <When date={e.createdAt} now={now} />
                </Td>
                <Td label="What happened">
                  {e.sentence}
                  {e.context ? <div className="text-sm text-muted">{e.context}</div> : null}
                </Td>
                <Td label="Done by">
                  <Actor event={e} />
                </Td>
                <Td label="Link" className={e.linkId ? undefined : "hidden md:table-cell"}>
                  {e.linkId ? (
                    <Link to={`/a/${slug}/links/${e.linkId}`} className="inline-flex min-h-touch items-center md:min-h-0">
                      Open link
                    </Link>
                  ) : null}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      {nextCursor ? (
        <div className="mt-4 flex justify-end">
          <Link className={buttonClasses("secondary", "sm")} to={`${base}?${next}`}>
            Older events
          </Link>
        </div>
      ) : null}
    </>
  );
}
