import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { formatDateTime } from "~/components/dates";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { requireLocalMailbox } from "~/modules/email/mailbox.server";
import { listMailbox } from "~/modules/email/staff.server";
import { handled } from "~/modules/http/route.server";

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
    return json({ slug: agency.slug, ...(await listMailbox(agency.id, { role, email: user.email }, query.cursor)) });
  });
}

export default function Mailbox() {
  const { slug, items, nextCursor } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Mailbox</h1>
      <p className="muted">
        No email provider is configured (RESEND_API_KEY), so nothing leaves this machine: every email the portal sends on your agency's
        behalf lands here instead. You see what your clients are sent, the team invitations you could have sent yourself, and the mail
        addressed to you.
      </p>
      {items.length === 0 ? (
        <p className="muted">No email yet.</p>
      ) : (
        <table data-testid="mailbox">
          <thead>
            <tr>
              <th>Subject</th>
              <th>To</th>
              <th>Delivered</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id}>
                <td>
                  <Link to={`/a/${slug}/mailbox/${m.id}`}>{m.subject}</Link>
                </td>
                <td>{m.to}</td>
                <td>{formatDateTime(m.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor ? (
        <p>
          <Link to={`/a/${slug}/mailbox?cursor=${nextCursor}`}>Older messages</Link>
        </p>
      ) : null}
    </>
  );
}
