import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";

import { formatDate } from "~/components/dates";
import { Field, FieldError, FormError } from "~/components/form";
import { LocaleSelect } from "~/components/locale-select";
import { RoleChoices } from "~/components/role-choices";
import { SubmitButton } from "~/components/ui/button";
import { CHOICE_INPUT } from "~/components/ui/choice";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { useHydrated } from "~/components/use-hydrated";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { accessLevelWords } from "~/modules/audit/event-words";
import { db } from "~/modules/db/db.server";
import { activeGrantsOf } from "~/modules/grants/active-grants.server";
import { type FormFailure, formFailure, formValues, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { defaultLinkLocale } from "~/modules/i18n/locales";
import { grantsAskedAgain } from "~/modules/links/already-granted.server";
import { createLink } from "~/modules/links/links.server";
import { CreateLinkSchema } from "~/modules/links/schemas";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("New link", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "links:write");
    const clients = await db.client.findMany({
      where: { agencyId: agency.id, archivedAt: null },
      select: { id: true, name: true, contactEmail: true, locale: true, sites: { select: { hotjarSiteId: true, name: true } } },
      orderBy: { name: "asc" },
      take: 500,
    });
    const selected = new URL(request.url).searchParams.get("clientId");
    const grants = await activeGrantsOf(
      agency.id,
      clients.map((c) => c.id),
    );
    const granted = new Map(grants.map((g) => [`${g.clientId} ${g.hotjarSiteId}`, g]));
    return json({
      slug: agency.slug,
      // Each site says whether the agency already holds active access to it (the form warns before asking again).
      clients: clients.map(({ locale, ...c }) => ({
        ...c,
        // What the language select starts with for this client: the client's, else the agency's.
        defaultLocale: defaultLinkLocale({ locale }, agency) ?? "",
        sites: c.sites.map((s) => ({ ...s, granted: granted.get(`${c.id} ${s.hotjarSiteId}`) ?? null })),
      })),
      selected,
      defaults: { granteeEmail: agency.granteeEmail, role: agency.defaultRole, lifetimeDays: agency.defaultLifetimeDays },
    });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "links:write");
    const formData = await request.formData();
    const siteIds = formData.getAll("siteIds").filter((v): v is string => typeof v === "string");
    // A failure sends back every ticked site (the form's values keep one value per name).
    const failure = async (response: Response) =>
      json({ ...((await response.json()) as FormFailure), siteIds }, { status: response.status });
    const parsed = parseForm(CreateLinkSchema, formData, { ...formValues(formData), siteIds });
    if (!parsed.ok) return failure(parsed.response);
    // Asking again for a site the agency already holds takes an explicit yes (never two active grants unnoticed).
    if ((await grantsAskedAgain(agency.id, parsed.data, formData.get("confirmGranted") === "yes")).length > 0) {
      return failure(formFailure({ confirmGranted: [CONFIRM_GRANTED_MESSAGE] }, formData));
    }
    const result = await createLink(agency.id, { type: "staff", id: user.id, label: user.email }, parsed.data);
    if (!result.ok) return failure(formFailure(result.fieldErrors, formData));
    return redirect(`/a/${agency.slug}/links/${result.linkId}?created=1`);
  });
}

const CONFIRM_GRANTED_MESSAGE = "Tick the box to ask again for a site you already have access to, or untick that site.";

type Failure = FormFailure & { siteIds: string[] };

/** "Viewer (Hotjar: Read Only), verified 3 Nov 2026": the role in our words and Hotjar's, and when it was verified. */
function grantedDetails(granted: { role: string; verifiedAt: string | null }): string {
  const role = accessLevelWords(granted.role);
  return granted.verifiedAt ? `${role}, verified ${formatDate(granted.verifiedAt)}` : role;
}

export default function NewLink() {
  const { slug, clients, selected, defaults } = useLoaderData<typeof loader>();
  const data = useActionData<Failure>();
  const errors = data?.fieldErrors;
  const values = data?.values ?? {};
  const initialClientId = values.clientId ?? selected ?? clients[0]?.id ?? "";
  // After a failure the ticked sites come back as they were; a first visit ticks a client's only site unless it is already granted.
  const ticked = (clientId: string, site: { hotjarSiteId: string; granted: unknown }, siteCount: number) =>
    data
      ? clientId === values.clientId && data.siteIds.includes(site.hotjarSiteId)
      : clientId === initialClientId && siteCount === 1 && !site.granted;
  const askedAgain =
    data && errors?.confirmGranted
      ? clients.find((c) => c.id === values.clientId)?.sites.filter((s) => s.granted && data.siteIds.includes(s.hotjarSiteId))
      : undefined;
  // Without JavaScript every client's sites are listed; with it, only the chosen client's.
  const [clientId, setClientId] = useState(initialClientId);
  const hydrated = useHydrated();
  if (clients.length === 0) {
    return (
      <>
        <h1>New link</h1>
        <p>
          First <Link to={`/a/${slug}/clients/new`}>create a client</Link> with its Hotjar site(s), or{" "}
          <Link to={`/a/${slug}/links/bulk`}>upload a CSV</Link> of clients and sites.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>New onboarding link</h1>
      <p className="hint">
        Many clients at once? <Link to={`/a/${slug}/links/bulk`}>Upload a CSV</Link>.
      </p>
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
          <RoleChoices name="role" checked={values.role ?? defaults.role} />
          <p className="hint">Admin is never requested.</p>
          <FieldError errors={errors} name="role" />
        </fieldset>
        <fieldset>
          <legend>Sites</legend>
          <label className="choice">
            <input
              className={CHOICE_INPUT}
              type="radio"
              name="siteMode"
              value="named"
              defaultChecked={(values.siteMode ?? "named") === "named"}
            />{" "}
            These sites:
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
                      className={CHOICE_INPUT}
                      type="checkbox"
                      name="siteIds"
                      value={s.hotjarSiteId}
                      defaultChecked={ticked(c.id, s, c.sites.length)}
                    />{" "}
                    {s.name} <code>{s.hotjarSiteId}</code>
                    {s.granted ? <span className="badge badge-active">already granted ({grantedDetails(s.granted)})</span> : null}
                  </label>
                ))
              )}
            </fieldset>
          ))}
          <label className="choice">
            <input
              className={CHOICE_INPUT}
              type="radio"
              name="siteMode"
              value="clientPicks"
              defaultChecked={values.siteMode === "clientPicks"}
            />{" "}
            The client picks the site
          </label>
          <FieldError errors={errors} name="siteIds" />
          <FieldError errors={errors} name="siteMode" />
          {askedAgain?.length && !(hydrated && clientId !== values.clientId) ? (
            <div className="warning" data-testid="already-granted">
              <p>
                You already have access to{" "}
                {askedAgain.map((s, i) => (
                  <span key={s.hotjarSiteId}>
                    {i === 0 ? "" : i === askedAgain.length - 1 ? " and " : ", "}
                    {s.name} <code>{s.hotjarSiteId}</code> ({grantedDetails(s.granted!)})
                  </span>
                ))}
                . A new link asks the client to grant the same access again, and a second grant would be recorded for{" "}
                {askedAgain.length === 1 ? "that site" : "each of them"}.
              </p>
              <label className="choice">
                <input className={CHOICE_INPUT} type="checkbox" name="confirmGranted" value="yes" /> Yes, ask again for{" "}
                {askedAgain.length === 1 ? "this site" : "these sites"}
              </label>
              <FieldError errors={errors} name="confirmGranted" />
            </div>
          ) : null}
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
        <LocaleSelect
          key={`locale-${clientId}`}
          label="Language of the page and emails"
          emptyLabel="Automatic (the client's browser)"
          defaultValue={data && clientId === values.clientId ? values.locale : clients.find((c) => c.id === clientId)?.defaultLocale}
          errors={errors}
          hint="Starts with the client's language, else your agency's (Settings). The client can still switch on the page."
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
        <SubmitButton pendingLabel="Creating…" className="mt-2">
          Create link
        </SubmitButton>
      </Form>
    </>
  );
}
