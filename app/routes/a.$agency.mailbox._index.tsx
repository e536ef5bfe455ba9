import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Inbox } from "lucide-react";
import { z } from "zod";

import { buttonClasses } from "~/components/ui/button";
import { EmptyState, PageHeader } from "~/components/ui/layout";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { When } from "~/components/ui/when";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { requireLocalMailbox } from "~/modules/email/mailbox.server";
import { listMailbox } from "~/modules/email/staff.server";
import { handled } from "~/modules/http/route.server";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("Mailbox", agencyNameFrom(matches));

const QuerySchema = z.object({
  cursor: z
    .string()
    .regex(/^[a-z0-9]{8,40}$/)
    .optional()
    .catch(undefined),
});

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency, role, user } = await requireAgencyMember(request, params.agency, "emails:read");
    requireLocalMailbox();
    const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    return json({
      slug: agency.slug,
      now: new Date().toISOString(),
      ...(await listMailbox(agency.id, { role, email: user.email }, query.cursor)),
    });
  });
}

export default function Mailbox() {
  const { slug, now, items, nextCursor } = useLoaderData<typeof loader>();
  const base = `/a/${slug}/mailbox`;
  return (
    <>
      <PageHeader
        title="Mailbox"
        description={
          <>
            No email provider is configured (RESEND_API_KEY), so nothing leaves this machine: every email the portal sends on your
            agency&apos;s behalf lands here, as its recipient would see it. You see what your clients are sent, the team invitations you
            could have sent yourself, and the mail addressed to you.
          </>
        }
      />
      {items.length === 0 ? (
        <EmptyState
          icon={Inbox}
          title="No email yet"
          action={
            <Link className={buttonClasses("primary")} to={`/a/${slug}/links`}>
              Go to your links
            </Link>
          }
        >
          Send a link to a client by email from the Links page: the email shows up here a few seconds later.
        </EmptyState>
      ) : (
        <Table data-testid="mailbox">
          <thead>
            <tr>
              <Th>Subject</Th>
              <Th>To</Th>
              <Th>Delivered</Th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <Tr key={m.id}>
                <Td label="Subject">
                  <Link to={`${base}/${m.id}`} className="-my-2.5 block py-2.5 font-medium">
                    {m.subject}
                  </Link>
                </Td>
                <Td label="To">
                  {/* An address has no place to wrap: it may break anywhere rather than widen the table. */}
                  <span className="[overflow-wrap:anywhere]">{m.to}</span>
                </Td>
                <Td label="Delivered">
                  <When date={m.createdAt} now={now} />
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      {nextCursor ? (
        <p className="mt-4">
          <Link className={buttonClasses("secondary")} to={`${base}?cursor=${nextCursor}`}>
            Older messages
          </Link>
        </p>
      ) : null}
    </>
  );
}
