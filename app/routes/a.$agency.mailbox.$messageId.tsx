import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { clsx } from "clsx";
import { ArrowLeft } from "lucide-react";
import { z } from "zod";

import { buttonClasses } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/layout";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { When } from "~/components/ui/when";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { linkifyParts, requireLocalMailbox } from "~/modules/email/mailbox.server";
import { MAILBOX_FRAME_SANDBOX } from "~/modules/email/mailbox-frame";
import { getMailboxMessage } from "~/modules/email/staff.server";
import { handled } from "~/modules/http/route.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data?.message.subject ?? "Message", "Mailbox", agencyNameFrom(matches));

/** Which part of the email the page shows: as sent (the HTML, in a frame) or its plain text. */
const QuerySchema = z.object({ view: z.enum(["html", "text"]).catch("html").default("html") });

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency, role, user } = await requireAgencyMember(request, params.agency, "emails:read");
    requireLocalMailbox();
    const { view } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const message = await getMailboxMessage(agency.id, { role, email: user.email }, params.messageId ?? "");
    return json({
      slug: agency.slug,
      now: new Date().toISOString(),
      view,
      message: { id: message.id, from: message.from, to: message.to, subject: message.subject, createdAt: message.createdAt },
      // The text part only when it is shown; the HTML part is the frame's own request.
      parts: view === "text" ? linkifyParts(message.text) : null,
    });
  });
}

/** Two links, so the choice works without JavaScript and each view has its own URL. */
function ViewTabs({ base, view }: { base: string; view: "html" | "text" }) {
  const tabs = [
    { view: "html", label: "As sent (HTML)", to: base },
    { view: "text", label: "Plain text", to: `${base}?view=text` },
  ] as const;
  return (
    <nav aria-label="Email view" className="mb-3 flex flex-wrap gap-1 border-0 border-b border-solid border-line">
      {tabs.map((tab) => {
        const current = tab.view === view;
        return (
          <Link
            key={tab.view}
            to={tab.to}
            replace
            preventScrollReset
            aria-current={current ? "page" : undefined}
            className={clsx(
              "-mb-px inline-flex min-h-touch items-center border-0 border-b-2 border-solid px-3 font-medium no-underline",
              current ? "border-accent text-fg" : "border-transparent text-muted hover:text-fg",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}

export default function MailboxMessage() {
  const { slug, now, view, message, parts } = useLoaderData<typeof loader>();
  const base = `/a/${slug}/mailbox/${message.id}`;
  return (
    <>
      <p className="m-0 mb-2">
        <Link to={`/a/${slug}/mailbox`} className={buttonClasses("ghost", "sm", "-ml-3")}>
          <ArrowLeft aria-hidden className="h-4 w-4" />
          Mailbox
        </Link>
      </p>
      <PageHeader title={<span className="break-words">{message.subject}</span>} />
      <Card className="mb-5">
        <dl className="m-0 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1">
          <dt className="font-semibold">From</dt>
          <dd className="m-0 break-words">{message.from}</dd>
          <dt className="font-semibold">To</dt>
          <dd className="m-0 break-words">{message.to}</dd>
          <dt className="font-semibold">Delivered</dt>
          <dd className="m-0">
            <When date={message.createdAt} now={now} />
          </dd>
        </dl>
      </Card>
      <ViewTabs base={base} view={view} />
      {parts ? (
        <div
          className="whitespace-pre-wrap break-words rounded-lg border border-solid border-line bg-card p-4 leading-relaxed"
          data-testid="mail-body"
        >
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
      ) : (
        <>
          <p className="m-0 mb-2 text-sm text-muted">
            As {message.to} sees it. Links open in a new tab; nothing in the email can run here.
          </p>
          {/* The email's own document (…/html), sandboxed: no scripts, no origin of its own. It is
              a ~600 px column that narrows with the frame; anything wider scrolls inside it. */}
          <iframe
            title={`The email as sent: ${message.subject}`}
            src={`${base}/html`}
            sandbox={MAILBOX_FRAME_SANDBOX}
            referrerPolicy="no-referrer"
            className="block h-[75vh] min-h-[28rem] w-full rounded-lg border border-solid border-line bg-white"
            data-testid="mail-html"
          />
        </>
      )}
    </>
  );
}
