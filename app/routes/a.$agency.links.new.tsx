import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";

import { Field, FieldError, FormError } from "~/components/form";
import { useHydrated } from "~/components/use-hydrated";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { db } from "~/modules/db/db.server";
import { formFailure, formValues, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { createLink } from "~/modules/links/links.server";
import { CreateLinkSchema } from "~/modules/links/schemas";
import { roleLabel } from "~/modules/platforms/hotjar";

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "links:write");
    const clients = await db.client.findMany({
      where: { agencyId: agency.id, archivedAt: null },
      select: { id: true, name: true, contactEmail: true, sites: { select: { hotjarSiteId: true, name: true } } },
      orderBy: { name: "asc" },
      take: 500,
    });
    const selected = new URL(request.url).searchParams.get("clientId");
    return json({
      slug: agency.slug,
      clients,
      selected,
      defaults: { granteeEmail: agency.granteeEmail, role: agency.defaultRole, lifetimeDays: agency.defaultLifetimeDays },
    });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "links:write");
    const formData = await request.formData();
    const input = { ...formValues(formData), siteIds: formData.getAll("siteIds") };
    const parsed = parseForm(CreateLinkSchema, formData, input);
    if (!parsed.ok) return parsed.response;
    const result = await createLink(agency.id, { type: "staff", id: user.id, label: user.email }, parsed.data);
    if (!result.ok) return formFailure(result.fieldErrors, formData);
    return redirect(`/a/${agency.slug}/links/${result.linkId}?created=1`);
  });
}

type Failure = { ok: false; fieldErrors: Record<string, string[]>; formError?: string; values: Record<string, string> };

export default function NewLink() {
  const { slug, clients, selected, defaults } = useLoaderData<typeof loader>();
  const data = useActionData<Failure>();
  const errors = data?.fieldErrors;
  const values = data?.values ?? {};
  const initialClientId = values.clientId ?? selected ?? clients[0]?.id ?? "";
  // Without JavaScript every client's sites are listed; with it, only the chosen client's.
  const [clientId, setClientId] = useState(initialClientId);
  const hydrated = useHydrated();
  if (clients.length === 0) {
    return (
      <>
        <h1>New link</h1>
        <p>
          First <Link to={`/a/${slug}/clients/new`}>create a client</Link> with its Hotjar site(s).
        </p>
      </>
    );
  }
  return (
    <>
      <h1>New onboarding link</h1>
      <Form method="post" noValidate>
        <FormError message={data?.formError} />
        <div className="field">
          <label htmlFor="clientId">Client</label>
          <select id="clientId" name="clientId" defaultValue={initialClientId} onChange={(e) => setClientId(e.currentTarget.value)}>
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <FieldError errors={errors} name="clientId" />
        </div>
        <fieldset>
          <legend>Role asked for</legend>
          {(["VIEWER", "USER"] as const).map((role) => (
            <label key={role} className="choice">
              <input type="radio" name="role" value={role} defaultChecked={(values.role ?? defaults.role) === role} /> {roleLabel(role)}
            </label>
          ))}
          <p className="hint">Admin is never requested.</p>
          <FieldError errors={errors} name="role" />
        </fieldset>
        <fieldset>
          <legend>Sites</legend>
          <label className="choice">
            <input type="radio" name="siteMode" value="named" defaultChecked={(values.siteMode ?? "named") === "named"} /> These sites:
          </label>
          {clients.map((c) => (
            <fieldset
              key={c.id}
              className="site-choices"
              data-client={c.id}
              hidden={hydrated && c.id !== clientId}
              disabled={hydrated && c.id !== clientId}
            >
              <p className="hint">{c.name}</p>
              {c.sites.length === 0 ? (
                <p className="hint">No sites saved for this client.</p>
              ) : (
                c.sites.map((s) => (
                  <label key={s.hotjarSiteId} className="choice">
                    <input
                      type="checkbox"
                      name="siteIds"
                      value={s.hotjarSiteId}
                      defaultChecked={c.id === initialClientId && c.sites.length === 1}
                    />{" "}
                    {s.name} <code>{s.hotjarSiteId}</code>
                  </label>
                ))
              )}
            </fieldset>
          ))}
          <label className="choice">
            <input type="radio" name="siteMode" value="clientPicks" defaultChecked={values.siteMode === "clientPicks"} /> The client picks
            the site
          </label>
          <FieldError errors={errors} name="siteIds" />
          <FieldError errors={errors} name="siteMode" />
        </fieldset>
        <Field
          label="Grantee email (the Hotjar account the client invites)"
          name="granteeEmail"
          type="email"
          defaultValue={values.granteeEmail ?? defaults.granteeEmail}
          errors={errors}
        />
        <Field
          label="Send to (client's email)"
          name="recipientEmail"
          type="email"
          key={clientId}
          defaultValue={values.recipientEmail ?? clients.find((c) => c.id === clientId)?.contactEmail ?? ""}
          errors={errors}
        />
        <div className="field">
          <label htmlFor="field-reason">Business reason (the client sees it)</label>
          <textarea id="field-reason" name="reason" rows={3} defaultValue={values.reason ?? ""} />
          <FieldError errors={errors} name="reason" />
        </div>
        <div className="field inline-fields">
          <label htmlFor="field-lifetimeValue">Link lifetime</label>
          <input
            id="field-lifetimeValue"
            name="lifetimeValue"
            inputMode="numeric"
            defaultValue={values.lifetimeValue ?? String(defaults.lifetimeDays)}
          />
          <select name="lifetimeUnit" aria-label="Lifetime unit" defaultValue={values.lifetimeUnit ?? "days"}>
            <option value="days">days</option>
            <option value="hours">hours</option>
          </select>
          <FieldError errors={errors} name="lifetimeValue" />
        </div>
        <Field
          label="Access end date (optional, for temporary access)"
          name="accessEndsOn"
          type="date"
          defaultValue={values.accessEndsOn ?? ""}
          errors={errors}
        />
        <button type="submit">Create link</button>
      </Form>
    </>
  );
}
