import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";

import { ClientForm } from "~/components/client-form";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { parseClientForm, redrawSiteRows } from "~/modules/clients/client-form.server";
import { createClient } from "~/modules/clients/clients.server";
import { handled } from "~/modules/http/route.server";

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    await requireAgencyMember(request, params.agency, "clients:write");
    return json({});
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
    return redirect(`/a/${agency.slug}/clients/${client.id}`);
  });
}

export default function NewClient() {
  const data = useActionData<{ ok: false; fieldErrors: Record<string, string[]>; formError?: string; values: Record<string, string> }>();
  return (
    <>
      <h1>New client</h1>
      <ClientForm defaults={{}} errors={data?.fieldErrors} formError={data?.formError} values={data?.values} submitLabel="Create client" />
    </>
  );
}
