import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { AlertTriangle, Download, Loader2 } from "lucide-react";
import { useEffect } from "react";

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

/** How often a page showing a running create asks again. */
const POLL_MS = 1_000;

export default function BatchResult() {
  const data = useLoaderData<typeof loader>();
  if (data.state === "CREATING") return <Creating />;
  if (data.state !== "CREATED") return <NothingCreated />;
  return <Created />;
}

function Creating() {
  const { linkCount, clientCount, rowCount, progress } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [revalidator]);
  const count = (n: number) => n.toLocaleString("en-GB");
  return (
    <>
      {/* Without JavaScript the page reloads itself until the create has ended. */}
      <noscript>
        <meta httpEquiv="refresh" content="2" />
      </noscript>
      <PageHeader
        title={`Creating ${plural(linkCount, "link")}…`}
        description={`From your CSV upload: ${plural(rowCount, "row")}, ${plural(clientCount, "new client")}.`}
      />
      <Card title="Progress" className="mb-4">
        <div role="status" data-testid="bulk-progress">
          <div
            role="progressbar"
            aria-label="Links made"
            aria-valuemin={0}
            aria-valuemax={linkCount}
            aria-valuenow={progress?.done}
            className="h-2 overflow-hidden rounded-full bg-line"
          >
            {progress ? (
              <div
                className="h-full rounded-full bg-accent transition-[width] duration-700"
                style={{ width: `${Math.round((progress.done / Math.max(1, linkCount)) * 100)}%` }}
              />
            ) : (
              // Made by another instance of the portal: no count here, but it is running.
              <div className="h-full w-2/5 animate-progress rounded-full bg-accent" />
            )}
          </div>
          <p className="m-0 mt-3 flex items-center gap-2 text-sm">
            <Loader2 aria-hidden className="h-4 w-4 shrink-0 animate-spin text-muted" />
            {progress ? `${count(progress.done)} of ${count(linkCount)} links made` : "Working on it…"}
          </p>
        </div>
        <p className="m-0 mt-2 text-sm text-muted">
          Nothing is kept unless every link is made. You can leave this page: the upload goes on, and its links appear under Links when it
          is done.
        </p>
      </Card>
    </>
  );
}

function NothingCreated() {
  const { slug, error } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Nothing was created" description="From your CSV upload: no client or link of it was made." />
      <Card title="What happened" className="mb-4">
        <p className="m-0 flex items-start gap-2" role="alert" data-testid="bulk-error">
          <AlertTriangle aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-danger" />
          <span>{error}</span>
        </p>
        <Link className={`${buttonClasses("primary")} mt-4`} to={`/a/${slug}/links/bulk`}>
          Upload a file again
        </Link>
      </Card>
    </>
  );
}

function Created() {
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
