import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { ClientForm } from "~/components/client-form";
import { Card, PageHeader } from "~/components/ui/layout";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { parseClientForm, redrawSiteRows } from "~/modules/clients/client-form.server";
import { createClient } from "~/modules/clients/clients.server";
import { redirectWithFlash } from "~/modules/http/flash.server";
import { handled } from "~/modules/http/route.server";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("New client", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "clients:write");
    return json({ slug: agency.slug, agencyLocale: agency.locale });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "clients:write");
    const formData = await request.formData();
    const redrawn = redrawSiteRows(formData);
    if (redrawn) return redrawn;
    const parsed = parseClientForm(formData);
    if (!parsed.ok) return parsed.response;
    const client = await createClient(agency.id, { type: "staff", id: user.id, label: user.email }, parsed.data);
    return redirectWithFlash(`/a/${agency.slug}/clients/${client.id}`, {
      kind: "success",
      message: `Client created: ${client.name}. Send it a link to ask for access.`,
    });
  });
}

export default function NewClient() {
  const { slug, agencyLocale } = useLoaderData<typeof loader>();
  const data = useActionData<{ ok: false; fieldErrors: Record<string, string[]>; formError?: string; values: Record<string, string> }>();
  return (
    <>
      <p className="m-0 mb-2">
        <Link to={`/a/${slug}/clients`}>← All clients</Link>
      </p>
      <PageHeader title="New client" description="Who to ask for Hotjar access, and which of their sites you need." />
      <Card className="max-w-3xl">
        <ClientForm
          defaults={{}}
          agencyLocale={agencyLocale}
          errors={data?.fieldErrors}
          formError={data?.formError}
          values={data?.values}
          submitLabel="Create client"
          pendingLabel="Creating…"
        />
      </Card>
    </>
  );
}
