import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Plus } from "lucide-react";

import { ClientForm } from "~/components/client-form";
import { formatDate } from "~/components/dates";
import { GrantsTable } from "~/components/grants-table";
import { Badge } from "~/components/ui/badge";
import { buttonClasses, SubmitButton } from "~/components/ui/button";
import { ConfirmForm } from "~/components/ui/confirm-form";
import { Card, PageHeader } from "~/components/ui/layout";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { plural } from "~/modules/audit/event-words";
import { parseClientForm, redrawSiteRows } from "~/modules/clients/client-form.server";
import { countLinksRevokedByArchive, getClient, setClientArchived, updateClient } from "~/modules/clients/clients.server";
import { grantRowsForDisplay } from "~/modules/grants/grant-display.server";
import { listClientGrants } from "~/modules/grants/grants.server";
import { askToConfirm, type ConfirmationRequest } from "~/modules/http/confirm.server";
import { AppError } from "~/modules/http/errors";
import { redirectWithFlash } from "~/modules/http/flash.server";
import type { FormFailure } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { intakeLinkName } from "~/modules/intake/intake.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.client.name ?? "Client", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "clients:read");
    const client = await getClient(agency.id, params.clientId ?? "");
    const [grants, openLinks, intakeName] = await Promise.all([
      listClientGrants(agency.id, client.id),
      client.archivedAt ? 0 : countLinksRevokedByArchive(agency.id, client.id),
      intakeLinkName(agency.id, client.intakeLinkId),
    ]);
    return json({
      slug: agency.slug,
      agencyLocale: agency.locale,
      client,
      openLinks,
      intakeName,
      grants: grantRowsForDisplay(grants, client.hotjarOrganizationId),
    });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "clients:write");
    const formData = await request.formData();
    const actor = { type: "staff" as const, id: user.id, label: user.email };
    const clientId = params.clientId ?? "";
    const here = `/a/${agency.slug}/clients/${clientId}`;
    const redrawn = redrawSiteRows(formData);
    if (redrawn) return redrawn;
    switch (formData.get("intent")) {
      case "save": {
        const parsed = parseClientForm(formData);
        if (!parsed.ok) return parsed.response;
        const client = await updateClient(agency.id, clientId, actor, parsed.data);
        return redirectWithFlash(here, { kind: "success", message: `Saved: ${client.name}'s details are up to date.` });
      }
      case "archive": {
        // It revokes every open link: only with the dialog's (or the confirmation page's) yes.
        const ask = askToConfirm(formData);
        if (ask) return ask;
        const { linksRevoked, grantsToReview } = await setClientArchived(agency.id, clientId, actor, true);
        return redirectWithFlash(here, {
          kind: "success",
          message: `Client archived: ${plural(linksRevoked, "open link")} revoked, ${plural(grantsToReview, "grant")} listed for review.`,
        });
      }
      case "restore":
        await setClientArchived(agency.id, clientId, actor, false);
        return redirectWithFlash(here, { kind: "success", message: "Client restored: you can send it links again." });
      default:
        throw new AppError(400, "Unknown action.");
    }
  });
}

type ActionData = FormFailure | ConfirmationRequest | undefined;
type Client = ReturnType<typeof useLoaderData<typeof loader>>["client"];

/** Archive (with the number of open links it revokes) or, once archived, restore. */
function ArchiveCard({ slug, client, openLinks }: { slug: string; client: Client; openLinks: number }) {
  if (client.archivedAt) {
    return (
      <section aria-labelledby="archived-title" className="rounded-lg border border-solid border-warn bg-warn-soft p-4">
        <h2 id="archived-title" className="m-0 mb-2 text-base font-semibold">
          Archived
        </h2>
        <p className="m-0 mb-3">
          Archived on {formatDate(client.archivedAt)}: its links were revoked and its access was listed in{" "}
          <Link to={`/a/${slug}/reviews`}>Reviews</Link>, to keep or end. Restore it to send it links again.
        </p>
        <Form method="post">
          <SubmitButton intent="restore" variant="secondary" pendingLabel="Restoring…">
            Restore client
          </SubmitButton>
        </Form>
      </section>
    );
  }
  return (
    <Card title="Archive">
      <p className="m-0 mb-3 text-muted">For a client you no longer work with. Its history stays; you can restore it later.</p>
      <ConfirmForm
        fields={{ intent: "archive" }}
        trigger="Archive client"
        title={`Archive ${client.name}?`}
        description={
          <>
            <p className="m-0">
              {openLinks === 0 ? (
                <>It has no open links.</>
              ) : (
                <>
                  This revokes its <strong>{plural(openLinks, "open link")}</strong> at once: if {client.contactName} opens{" "}
                  {openLinks === 1 ? "it" : "one"}, the page says it was withdrawn. A revoked link cannot be reopened.
                </>
              )}
            </p>
            <p className="m-0 mt-2">
              Access already granted in Hotjar stays: its grants are listed in Reviews, to keep or end. You can restore the client later.
            </p>
          </>
        }
        confirmLabel="Archive client"
        pendingLabel="Archiving…"
        size="md"
      />
    </Card>
  );
}

export default function ClientPage() {
  const { slug, agencyLocale, client, grants, openLinks, intakeName } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const failure = data && "ok" in data ? data : undefined;
  // Without JavaScript, the archive question comes back as the page: show it first, not at the bottom.
  const asking = Boolean(data && "confirmation" in data);
  const archive = <ArchiveCard slug={slug} client={client} openLinks={openLinks} />;
  return (
    <>
      <p className="m-0 mb-2">
        <Link to={client.archivedAt ? `/a/${slug}/clients?archived=1` : `/a/${slug}/clients`}>
          ← {client.archivedAt ? "Archived clients" : "All clients"}
        </Link>
      </p>
      <PageHeader
        title={
          <>
            {client.name}
            {client.archivedAt ? (
              <Badge tone="warning" className="ml-2 align-middle">
                Archived
              </Badge>
            ) : null}
          </>
        }
        description={
          <>
            {client.contactName} · <span className="[overflow-wrap:anywhere]">{client.contactEmail}</span> ·{" "}
            {plural(client.sites.length, "site")}
            {intakeName ? <span data-testid="from-intake"> · from intake link “{intakeName}”</span> : null}
          </>
        }
        actions={
          <>
            <Link className={buttonClasses("secondary")} to={`/a/${slug}/links?q=${encodeURIComponent(client.name)}`}>
              This client&apos;s links
            </Link>
            {client.archivedAt ? null : (
              <Link className={buttonClasses("primary")} to={`/a/${slug}/links/new?clientId=${client.id}`}>
                <Plus aria-hidden className="h-4 w-4" />
                New link for this client
              </Link>
            )}
          </>
        }
      />
      <div className="flex flex-col gap-5">
        {asking || client.archivedAt ? archive : null}
        <Card title="Access granted">
          {/* The grants table is its own; a box of its own keeps the page from scrolling sideways. */}
          <div className="min-w-0 overflow-x-auto">
            <GrantsTable slug={slug} grants={grants} />
          </div>
        </Card>
        <Card title="Details" className="max-w-3xl">
          <ClientForm
            key={client.updatedAt}
            defaults={client}
            agencyLocale={agencyLocale}
            errors={failure?.fieldErrors}
            formError={failure?.formError}
            values={failure?.values}
            submitLabel="Save client"
            pendingLabel="Saving…"
          />
        </Card>
        {asking || client.archivedAt ? null : archive}
      </div>
    </>
  );
}
