import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { formatDateTime } from "~/components/dates";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { linkifyParts, requireLocalMailbox } from "~/modules/email/mailbox.server";
import { getMailboxMessage } from "~/modules/email/staff.server";
import { handled } from "~/modules/http/route.server";

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency, role, user } = await requireAgencyMember(request, params.agency, "emails:read");
    requireLocalMailbox();
    const message = await getMailboxMessage(agency.id, { role, email: user.email }, params.messageId ?? "");
    return json({
      slug: agency.slug,
      message: { id: message.id, from: message.from, to: message.to, subject: message.subject, createdAt: message.createdAt },
      parts: linkifyParts(message.text),
    });
  });
}

// The plain-text part is shown (with its links clickable): the HTML part is third-party-free,
// but rendering stored HTML inside the app would need a sandbox for little gain.
export default function MailboxMessage() {
  const { slug, message, parts } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/a/${slug}/mailbox`}>← Mailbox</Link>
      </p>
      <h1>{message.subject}</h1>
      <dl className="facts">
        <dt>From</dt>
        <dd>{message.from}</dd>
        <dt>To</dt>
        <dd>{message.to}</dd>
        <dt>Delivered</dt>
        <dd>{formatDateTime(message.createdAt)}</dd>
      </dl>
      <div className="mail-body" data-testid="mail-body">
        {parts.map((p, i) =>
          p.href ? (
            <a key={i} href={p.href}>
              {p.text}
            </a>
          ) : (
            <span key={i}>{p.text}</span>
          ),
        )}
      </div>
    </>
  );
}
