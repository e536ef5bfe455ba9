import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Inbox, Plus } from "lucide-react";

import { CopyButton } from "~/components/copy-button";
import { Badge } from "~/components/ui/badge";
import { buttonClasses } from "~/components/ui/button";
import { Card, EmptyState, PageHeader } from "~/components/ui/layout";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { plural } from "~/modules/audit/event-words";
import { getEnv } from "~/modules/env/env.server";
import { handled } from "~/modules/http/route.server";
import { INTAKE_LINKS_READ, intakeUrl, listIntakeLinks } from "~/modules/intake/intake.server";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("Intake links", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "intake:manage");
    const { intakes, capped } = await listIntakeLinks(agency.id);
    const publicUrl = getEnv().PUBLIC_URL;
    return json({
      intakes: intakes.map((i) => ({
        id: i.id,
        name: i.name,
        url: intakeUrl(publicUrl, i),
        arrivals: i.arrivals,
        disabled: i.disabledAt !== null,
      })),
      // A number, not the constant, in the view: the constant lives in a server-only module.
      capped: capped ? INTAKE_LINKS_READ : null,
    });
  });
}

export default function IntakeLinksPage() {
  const { intakes, capped } = useLoaderData<typeof loader>();
  const newLink = (
    <Link to="new" className={buttonClasses("primary")}>
      <Plus aria-hidden className="h-4 w-4" />
      New intake link
    </Link>
  );
  return (
    <>
      <PageHeader
        title="Intake links"
        description="One address to share anywhere: each visitor enters their company and Hotjar site, and a client and a link are made as they arrive."
        actions={intakes.length > 0 ? newLink : null}
      />
      <Card>
        {intakes.length === 0 ? (
          <EmptyState icon={Inbox} title="No intake links yet" action={newLink}>
            Create one, put its address on your website or in your proposals, and new clients start their access request on their own.
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Address</Th>
                <Th>Arrivals</Th>
                <Th>Status</Th>
              </tr>
            </thead>
            <tbody>
              {intakes.map((i) => (
                <Tr key={i.id} data-testid="intake-row">
                  <Td label="Name">
                    <Link to={i.id} className="inline-flex min-h-touch items-center font-semibold">
                      {i.name}
                    </Link>
                  </Td>
                  <Td label="Address">
                    <span className="flex min-w-0 flex-wrap items-center gap-2">
                      <code className="min-w-0 whitespace-normal break-all text-sm" data-testid="intake-url">
                        {i.url}
                      </code>
                      {i.disabled ? null : <CopyButton value={i.url} label={`Copy the address of ${i.name}`} toast="Address copied" />}
                    </span>
                  </Td>
                  <Td label="Arrivals" data-testid="intake-arrival-count">
                    {plural(i.arrivals, "arrival")}
                  </Td>
                  <Td label="Status">{i.disabled ? <Badge tone="danger">Switched off</Badge> : <Badge tone="success">On</Badge>}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
        {capped ? (
          <p className="hint" data-testid="intake-list-capped">
            Showing the newest {capped} intake links; older ones are not listed here.
          </p>
        ) : null}
      </Card>
    </>
  );
}
