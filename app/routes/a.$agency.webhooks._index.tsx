import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Plus, Webhook } from "lucide-react";

import { formatDateTime } from "~/components/dates";
import { buttonClasses } from "~/components/ui/button";
import { Card, EmptyState, PageHeader } from "~/components/ui/layout";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { WebhookStatusBadge } from "~/components/webhook-status";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { handled } from "~/modules/http/route.server";
import { listEndpoints } from "~/modules/webhooks/endpoints.server";
import { parseEventTypes, WEBHOOK_EVENT_KINDS } from "~/modules/webhooks/event-kinds";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("Webhooks", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "webhooks:manage");
    const endpoints = await listEndpoints(agency.id);
    return json({
      endpoints: endpoints.map((e) => ({
        id: e.id,
        url: e.url,
        description: e.description,
        kinds: parseEventTypes(e.eventTypes).map((k) => WEBHOOK_EVENT_KINDS[k]),
        disabled: e.disabledAt !== null,
        disabledReason: e.disabledReason,
        last: e.deliveries[0]
          ? { status: e.deliveries[0].status, attempts: e.deliveries[0].attempts, at: e.deliveries[0].createdAt.toISOString() }
          : null,
      })),
    });
  });
}

export default function WebhooksPage() {
  const { endpoints } = useLoaderData<typeof loader>();
  const add = (
    <Link to="new" className={buttonClasses("primary")}>
      <Plus aria-hidden className="h-4 w-4" />
      Add endpoint
    </Link>
  );
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Your CRM or automation tool hears about links and clients the moment something happens: each message is signed, retried until it arrives, and listed in the endpoint's log."
        actions={endpoints.length > 0 ? add : null}
      />
      <Card>
        {endpoints.length === 0 ? (
          <EmptyState icon={Webhook} title="No webhook endpoints yet" action={add}>
            Add the address your tool receives webhooks on and choose the events it needs, such as “Link opened by the client”.
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Endpoint</Th>
                <Th>Status</Th>
                <Th>Events</Th>
                <Th>Last delivery</Th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((e) => (
                <Tr key={e.id} data-testid="webhook-row">
                  <Td label="Endpoint">
                    <Link to={e.id} className="inline-flex min-h-touch min-w-0 flex-col justify-center">
                      <span className="break-all font-semibold">{e.url}</span>
                      {e.description ? <span className="text-sm text-muted">{e.description}</span> : null}
                    </Link>
                  </Td>
                  <Td label="Status">
                    {e.disabled ? (
                      <span title={e.disabledReason ?? undefined}>
                        <WebhookStatusBadge status="OFF" />
                      </span>
                    ) : (
                      <WebhookStatusBadge status="ON" />
                    )}
                  </Td>
                  <Td label="Events">
                    <span className="text-sm">{e.kinds.join(", ")}</span>
                  </Td>
                  <Td label="Last delivery">
                    {e.last ? (
                      <span className="inline-flex flex-wrap items-center gap-2">
                        <WebhookStatusBadge status={e.last.status} attempts={e.last.attempts} />
                        <span className="text-sm">{formatDateTime(e.last.at)}</span>
                      </span>
                    ) : (
                      "None yet"
                    )}
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
