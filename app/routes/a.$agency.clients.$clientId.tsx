import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";

import { ClientForm } from "~/components/client-form";
import { GrantsTable } from "~/components/grants-table";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { parseClientForm, redrawSiteRows } from "~/modules/clients/client-form.server";
import { getClient, setClientArchived, updateClient } from "~/modules/clients/clients.server";
import { grantRowsForDisplay } from "~/modules/grants/grant-display.server";
import { listClientGrants } from "~/modules/grants/grants.server";
import { AppError } from "~/modules/http/errors";
import { handled } from "~/modules/http/route.server";

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "clients:read");
    const client = await getClient(agency.id, params.clientId ?? "");
    const grants = await listClientGrants(agency.id, client.id);
    return json({ slug: agency.slug, client, grants: grantRowsForDisplay(grants, client.hotjarOrganizationId) });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "clients:write");
    const formData = await request.formData();
    const actor = { type: "staff" as const, id: user.id, label: user.email };
    const clientId = params.clientId ?? "";
    const redrawn = redrawSiteRows(formData);
    if (redrawn) return redrawn;
    switch (formData.get("intent")) {
      case "save": {
        const parsed = parseClientForm(formData);
        if (!parsed.ok) return parsed.response;
        await updateClient(agency.id, clientId, actor, parsed.data);
        return json({ ok: true as const, saved: true });
      }
      case "archive": {
        const { linksRevoked, grantsToReview } = await setClientArchived(agency.id, clientId, actor, true);
        return redirect(`/a/${agency.slug}/clients/${clientId}?archived=${linksRevoked}.${grantsToReview}`);
      }
      case "restore":
        await setClientArchived(agency.id, clientId, actor, false);
        return redirect(`/a/${agency.slug}/clients/${clientId}`);
      default:
        throw new AppError(400, "Unknown action.");
    }
  });
}

type Failure = { ok: false; fieldErrors: Record<string, string[]>; formError?: string; values: Record<string, string> };

export default function ClientPage() {
  const { slug, client, grants } = useLoaderData<typeof loader>();
  const data = useActionData<Failure | { ok: true; saved: boolean }>();
  const failure = data && !data.ok ? data : undefined;
  const [params] = useSearchParams();
  const archived = /^(\d+)\.(\d+)$/.exec(params.get("archived") ?? "");
  return (
    <>
      <div className="page-head">
        <h1>
          {client.name} {client.archivedAt ? <span className="badge">archived</span> : null}
        </h1>
        {client.archivedAt ? null : (
          <Link className="button" to={`/a/${slug}/links/new?clientId=${client.id}`}>
            New link for this client
          </Link>
        )}
      </div>
      {archived ? (
        <p className="notice" role="status">
          Client archived: {archived[1]} open link(s) revoked, {archived[2]} grant(s) listed for review.{" "}
          <Link to={`/a/${slug}/reviews`}>Review them now</Link>
        </p>
      ) : null}
      <p>
        <Link to={`/a/${slug}/links?q=${encodeURIComponent(client.name)}`}>This client's links</Link>
      </p>
      <h2>Grants</h2>
      <GrantsTable slug={slug} grants={grants} />
      <h2>Details</h2>
      {data?.ok ? (
        <p className="notice" role="status">
          Saved.
        </p>
      ) : null}
      <ClientForm
        key={client.updatedAt}
        defaults={client}
        errors={failure?.fieldErrors}
        formError={failure?.formError}
        values={failure?.values}
        submitLabel="Save client"
      />
      <Form method="post" className="danger-zone">
        {client.archivedAt ? (
          <button type="submit" name="intent" value="restore" className="secondary">
            Restore client
          </button>
        ) : (
          <button type="submit" name="intent" value="archive" className="secondary">
            Archive client
          </button>
        )}
      </Form>
    </>
  );
}
