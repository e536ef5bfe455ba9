import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Download } from "lucide-react";

import { formatDate } from "~/components/dates";
import { StatusPill } from "~/components/status-tone";
import { buttonClasses } from "~/components/ui/button";
import { ConfirmForm } from "~/components/ui/confirm-form";
import { Card, PageHeader } from "~/components/ui/layout";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { plural } from "~/modules/audit/event-words";
import { askToConfirm } from "~/modules/http/confirm.server";
import { redirectWithFlash } from "~/modules/http/flash.server";
import { handled } from "~/modules/http/route.server";
import { emailBatch, getBatch } from "~/modules/links/bulk-batch.server";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("Uploaded links", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "links:read");
    const batchId = params.batchId ?? "";
    return json({ slug: agency.slug, batchId, ...(await getBatch(agency.id, batchId)) });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "links:write");
    const formData = await request.formData();
    const batchId = params.batchId ?? "";
    // It emails clients: asked first.
    const ask = askToConfirm(formData);
    if (ask) return ask;
    const sent = await emailBatch(agency.id, batchId, { type: "staff", id: user.id, label: user.email });
    return redirectWithFlash(`/a/${agency.slug}/links/bulk/${batchId}`, {
      kind: "success",
      message:
        sent > 0 ? `${plural(sent, "email")} queued: they go out within a few minutes.` : "Every link of this upload was already sent.",
    });
  });
}

export default function BatchResult() {
  const { slug, batchId, linkCount, sentCount, links } = useLoaderData<typeof loader>();
  const unsent = linkCount - sentCount;
  return (
    <>
      <PageHeader
        title={`${plural(linkCount, "link")} created`}
        description="From your CSV upload. Send each link yourself from the download, or have each client emailed theirs."
        actions={
          <Link className={buttonClasses("secondary")} to={`/a/${slug}/links`}>
            All links
          </Link>
        }
      />
      <Card title="Send them" className="mb-4">
        <div className="flex flex-wrap gap-2">
          <a className={buttonClasses("primary")} href={`/a/${slug}/links/bulk/${batchId}/links.csv`} download>
            <Download aria-hidden className="h-4 w-4" /> Download the links (CSV)
          </a>
          {unsent > 0 ? (
            <ConfirmForm
              fields={{ intent: "email" }}
              trigger={`Email each client their link (${plural(unsent, "email")})`}
              title={`Email ${plural(unsent, "client")} their link?`}
              description={
                <p className="m-0">
                  Each recipient gets an email now with their own link, the access it asks for and the reason: the same email as “Send by
                  email” on a link. Links already sent are not sent again.
                </p>
              }
              confirmLabel={`Send ${plural(unsent, "email")}`}
              pendingLabel="Queuing emails…"
              variant="secondary"
              size="md"
            />
          ) : null}
        </div>
        <p className="m-0 mt-3 text-sm text-muted" data-testid="batch-sent">
          {sentCount === 0 ? "None emailed yet." : `${plural(sentCount, "link")} of ${linkCount.toLocaleString("en-GB")} emailed.`} The
          download holds each link&apos;s URL: keep it as safe as the links themselves.
        </p>
      </Card>
      <Card title={linkCount > links.length ? `The first ${links.length}` : "The links"} className="mb-4">
        <Table className="[&_td>div]:[overflow-wrap:anywhere]">
          <thead>
            <tr>
              <Th>Client</Th>
              <Th>Send to</Th>
              <Th>Status</Th>
              <Th>Expires</Th>
            </tr>
          </thead>
          <tbody>
            {links.map((l) => (
              <Tr key={l.id}>
                <Td label="Client">
                  <Link to={`/a/${slug}/links/${l.id}`}>{l.client.name}</Link>
                </Td>
                <Td label="Send to">{l.recipientEmail}</Td>
                <Td label="Status">
                  <StatusPill status={l.effectiveStatus} />
                </Td>
                <Td label="Expires">{formatDate(l.expiresAt)}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </>
  );
}
