import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { Download, Link2, Search } from "lucide-react";
import { z } from "zod";

import { CopyButton } from "~/components/copy-button";
import { LinkStatusPill } from "~/components/status-tone";
import { buttonClasses } from "~/components/ui/button";
import { ConfirmForm } from "~/components/ui/confirm-form";
import { EmptyState, PageHeader } from "~/components/ui/layout";
import { SearchField } from "~/components/ui/search-field";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { When } from "~/components/ui/when";
import { useHydrated } from "~/components/use-hydrated";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { sendLinkByEmail } from "~/modules/email/staff.server";
import { askToConfirm } from "~/modules/http/confirm.server";
import { AppError } from "~/modules/http/errors";
import { redirectWithFlash } from "~/modules/http/flash.server";
import { handled } from "~/modules/http/route.server";
import { isOpenStatus, LINK_STATUSES } from "~/modules/links/link-state";
import { listLinks } from "~/modules/links/links.server";
import { LinkListQuerySchema } from "~/modules/links/schemas";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("Links", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "links:read");
    const query = LinkListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const now = new Date();
    const page = await listLinks(agency.id, query, now);
    return json({ slug: agency.slug, query, now: now.toISOString(), ...page });
  });
}

const ResendSchema = z.object({ intent: z.literal("resend"), linkId: z.string().min(1).max(40) });

/** "Resend" on a row: emails the link to its recipient again, once confirmed (it emails a client). */
export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "links:write");
    const formData = await request.formData();
    const parsed = ResendSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) throw new AppError(400, "Unknown action.");
    const ask = askToConfirm(formData);
    if (ask) return ask;
    const to = await sendLinkByEmail(agency.id, parsed.data.linkId, { type: "staff", id: user.id, label: user.email });
    // Back to the list as it was: same search, filter and page.
    const back = new URL(request.url).searchParams;
    back.delete("index");
    const search = back.toString();
    return redirectWithFlash(`/a/${agency.slug}/links${search ? `?${search}` : ""}`, {
      kind: "success",
      message: `Email queued to ${to}: the link's page shows its delivery.`,
    });
  });
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

function filterParams(query: { status?: string; q?: string }) {
  return new URLSearchParams({ ...(query.status ? { status: query.status } : {}), ...(query.q ? { q: query.q } : {}) });
}

function Filters({ query }: { query: { status?: string; q?: string } }) {
  const hydrated = useHydrated();
  const submit = useSubmit();
  return (
    <Form method="get" className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Links">
      <SearchField
        defaultValue={query.q}
        placeholder="Client, email or site ID"
        hint="A client's name, the contact's or recipient's email, or a Hotjar site ID (a pasted Hotjar address works too)."
      />
      <div className="flex flex-col gap-1 self-start">
        <label htmlFor="status" className="text-sm font-medium">
          Status
        </label>
        <div className="flex gap-2">
          <select
            id="status"
            name="status"
            defaultValue={query.status ?? ""}
            className="m-0 min-h-touch"
            // With JavaScript the list follows the choice at once; without, the Apply button sends it.
            onChange={(e) => submit(e.currentTarget.form, { replace: true })}
          >
            <option value="">All statuses</option>
            {LINK_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.charAt(0) + s.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
          {hydrated ? null : (
            <button type="submit" className={buttonClasses("secondary", "md")}>
              Apply
            </button>
          )}
        </div>
      </div>
    </Form>
  );
}

function Sites({ link }: { link: Item }) {
  if (link.sites.length === 0) return <span className="text-muted">The client picks</span>;
  return (
    <ul className="m-0 list-none p-0">
      {link.sites.map((s) => (
        <li key={s.hotjarSiteId} title={`Hotjar site ${s.hotjarSiteId}`}>
          {s.name ?? `Site ${s.hotjarSiteId}`}
          {link.clientPicksSite ? <span className="text-muted"> (picked by the client)</span> : null}
        </li>
      ))}
    </ul>
  );
}

function Status({ link }: { link: Item }) {
  return (
    <div className="flex flex-col items-start gap-1">
      <LinkStatusPill status={link.effectiveStatus} progress={link.progress} />
      {link.newLinkRequestedAt ? <span className="text-sm text-warn">New link requested</span> : null}
    </div>
  );
}

function RowActions({ link }: { link: Item }) {
  if (!link.url) return null;
  return (
    <div className="flex flex-wrap gap-2 md:flex-nowrap">
      <CopyButton value={link.url} label={`Copy link for ${link.client.name}`} toast={`Link for ${link.client.name} copied`} />
      <ConfirmForm
        fields={{ intent: "resend", linkId: link.id }}
        trigger={link.sentAt ? "Resend" : "Send"}
        title={link.sentAt ? "Email this link again?" : "Email this link?"}
        description={
          <p className="m-0">
            {link.client.name} gets an email at <strong>{link.recipientEmail}</strong> now, with this link and what it asks for. The link
            and its expiry stay the same.
          </p>
        }
        confirmLabel="Send email"
        pendingLabel="Sending…"
        variant="secondary"
      />
    </div>
  );
}

export default function Links() {
  const { slug, query, now, items, nextCursor } = useLoaderData<typeof loader>();
  const base = `/a/${slug}/links`;
  const filters = filterParams(query);
  const filtered = filters.toString() !== "";
  const next = new URLSearchParams(filters);
  if (nextCursor) next.set("cursor", nextCursor);
  const exportQuery = filtered ? `?${filters}` : "";
  return (
    <>
      <PageHeader
        title="Links"
        description="Every onboarding link, newest first: who it went to, how far it got, and what is left to do."
        actions={
          <>
            <Link className={buttonClasses("secondary")} to={`${base}/bulk`}>
              Upload a CSV
            </Link>
            <Link className={buttonClasses("primary")} to={`${base}/new`}>
              New link
            </Link>
          </>
        }
      />
      <Filters query={query} />
      {items.length === 0 ? (
        filtered ? (
          <EmptyState
            icon={Search}
            title="No links match"
            action={
              <Link className={buttonClasses("secondary")} to={base}>
                Show all links
              </Link>
            }
          >
            Search looks at the client&apos;s name, the contact and recipient emails, and Hotjar site IDs.
          </EmptyState>
        ) : (
          <EmptyState
            icon={Link2}
            title="No links yet"
            action={
              <Link className={buttonClasses("primary")} to={`${base}/new`}>
                Create your first link
              </Link>
            }
          >
            A link asks a client for access to their Hotjar site; you send it, they follow the steps.
          </EmptyState>
        )
      ) : (
        <Table data-testid="links" className="max-md:[&_td>div]:[overflow-wrap:anywhere]">
          <thead>
            <tr>
              <Th>Recipient</Th>
              <Th>Client</Th>
              <Th>Sites</Th>
              <Th>Status</Th>
              <Th>Sent</Th>
              <Th>Opened</Th>
              <Th>Expires</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {items.map((l) => (
              <Tr key={l.id} data-link={l.id}>
                <Td label="Recipient">
                  <Link to={`${base}/${l.id}`} className="font-medium">
                    {l.recipientEmail}
                  </Link>
                </Td>
                <Td label="Client">
                  {l.client.name}
                  {l.client.contactEmail !== l.recipientEmail ? <div className="text-sm text-muted">{l.client.contactEmail}</div> : null}
                </Td>
                <Td label="Sites">
                  <Sites link={l} />
                </Td>
                <Td label="Status">
                  <Status link={l} />
                </Td>
                <Td label="Sent" className="md:whitespace-nowrap">
                  {l.sentAt ? <When date={l.sentAt} now={now} /> : <span className="text-muted">Not sent</span>}
                </Td>
                <Td label="Opened" className="md:whitespace-nowrap">
                  {l.firstOpenedAt ? <When date={l.firstOpenedAt} now={now} /> : <span className="text-muted">Not opened</span>}
                </Td>
                <Td label="Expires" className="md:whitespace-nowrap">
                  {isOpenStatus(l.effectiveStatus) || l.effectiveStatus === "EXPIRED" ? (
                    <When date={l.expiresAt} now={now} />
                  ) : (
                    <span className="text-muted">—</span>
                  )}
                </Td>
                {/* A closed link has nothing to copy or send: no empty line on its card. */}
                <Td label="Actions" className={l.url ? "md:whitespace-nowrap" : "hidden md:table-cell"}>
                  <RowActions link={l} />
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      <div className="mt-4 flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap gap-2">
          <a className={buttonClasses("secondary", "sm")} href={`${base}.csv${exportQuery}`} download>
            <Download aria-hidden className="h-4 w-4" />
            Export links (CSV)
          </a>
          <a className={buttonClasses("secondary", "sm")} href={`/a/${slug}/grants.csv${exportQuery}`} download>
            <Download aria-hidden className="h-4 w-4" />
            Export grants (CSV)
          </a>
        </div>
        {nextCursor ? (
          <Link className={buttonClasses("secondary", "sm")} to={`${base}?${next}`}>
            Next page
          </Link>
        ) : null}
      </div>
    </>
  );
}
