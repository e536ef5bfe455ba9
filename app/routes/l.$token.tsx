import type { ActionFunctionArgs, HeadersArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { CopyField } from "~/components/copy-field";
import { formatDate, formatDateTime } from "~/components/dates";
import { Field, FieldError, FormError } from "~/components/form";
import { accentColors } from "~/modules/agencies/branding";
import { requestMeta } from "~/modules/audit/events.server";
import { formValues } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { intlFor } from "~/modules/i18n/messages.server";
import {
  type ClientActionResult,
  completeLink,
  declineLink,
  type LinkPageView,
  openLinkPage,
  requestNewLink,
} from "~/modules/links/link-page.server";
import { isOpenStatus } from "~/modules/links/link-state";
import { verifyToken } from "~/modules/links/link-url.server";
import { CompleteLinkSchema, DeclineLinkSchema, grantFields } from "~/modules/links/schemas";
import { hotjar, roleLabel } from "~/modules/platforms/hotjar";
import { copyLabelId, stepText } from "~/modules/platforms/step-text";
import { consumeLinkAction, limitedAction, retryAfterHeaders } from "~/modules/security/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Access request" }, { name: "robots", content: "noindex" }];

export function headers(args: HeadersArgs) {
  return retryAfterHeaders(args);
}

const STATUS_CODE: Partial<Record<LinkPageView["status"], number>> = { EXPIRED: 410, REVOKED: 410 };

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params, context }: LoaderFunctionArgs) => {
    const token = params.token ?? "";
    // A token that is not ours costs an HMAC check and nothing else: no limiter, no query
    // (docs/decisions/024). Expired and superseded tokens are authentic: the page explains them.
    if (!verifyToken(token)) return json({ kind: "invalid" as const }, { status: 404 });
    // After a form post Remix runs this loader again to draw the answer: that is not an open.
    // Remix hands the loader a GET either way: the HTTP method comes from the load context.
    const method = context.requestMethod ?? request.method;
    const view = await openLinkPage(token, requestMeta(request), new Date(), method === "GET" || method === "HEAD");
    if (!view) return json({ kind: "invalid" as const }, { status: 404 });
    const steps = hotjar.inviteSteps({
      granteeEmail: view.granteeEmail,
      role: view.role,
      siteIds: view.sites.map((s) => s.hotjarSiteId),
      organizationId: view.organizationId ?? undefined,
    });
    const intl = intlFor("en");
    const paths = steps.map((p) => ({
      id: p.id,
      title: p.documented ? "Invite us in Hotjar" : intl.formatMessage({ id: "hotjar.path.siteTeam.title" }),
      warning: p.documented
        ? intl.formatMessage({ id: "hotjar.path.organization.warning" }, { agency: view.agency.name, count: view.sites.length })
        : null,
      prerequisite: null as string | null,
      steps: p.steps.map((s) => ({
        text: stepText(intl, s),
        href: s.href,
        copy: s.copy?.map((c) => ({ label: intl.formatMessage({ id: copyLabelId(c.label) }), value: c.value })) ?? [],
      })),
    }));
    const notAsked = ["password", "admin", "billing", "otherOrganizations"].map((k) =>
      intl.formatMessage({ id: `hotjar.notAsked.${k}` }, { agency: view.agency.name }),
    );
    return json(
      { kind: "link" as const, view, steps: paths, notAsked, roleSummary: intl.formatMessage({ id: `hotjar.role.${view.role}.summary` }) },
      { status: STATUS_CODE[view.status] ?? 200 },
    );
  });
}

type ActionData = { fieldErrors?: Record<string, string[] | undefined>; formError?: string; values?: Record<string, string> };

function outcome(result: ClientActionResult, token: string) {
  if (result.ok) return redirect(`/l/${token}`);
  if (result.kind === "invalid") return json<ActionData>({ formError: "This link is not valid." }, { status: 404 });
  if (result.kind === "field") return json<ActionData>({ fieldErrors: { [result.field]: [result.message] } }, { status: 400 });
  return json<ActionData>({ formError: result.message }, { status: 409 });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const token = params.token ?? "";
    const formData = await request.formData();
    const meta = requestMeta(request);
    switch (formData.get("intent")) {
      case "grant": {
        const parsed = CompleteLinkSchema.safeParse(grantFields(formData));
        if (!parsed.success) {
          const fieldErrors: Record<string, string[]> = {};
          for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message);
          return json<ActionData>({ fieldErrors, values: formValues(formData) }, { status: 400 });
        }
        const result = await completeLink(token, parsed.data, meta);
        const response = outcome(result, token);
        return result.ok || result.kind !== "field"
          ? response
          : json<ActionData>({ ...(await response.json()), values: formValues(formData) }, { status: 400 });
      }
      case "decline": {
        const parsed = DeclineLinkSchema.safeParse({ reason: formData.get("reason") ?? "" });
        if (!parsed.success)
          return json<ActionData>({ fieldErrors: parsed.error.flatten().fieldErrors, values: formValues(formData) }, { status: 400 });
        return outcome(await declineLink(token, parsed.data.reason, meta), token);
      }
      case "requestNew": {
        const limited = await consumeLinkAction("newLinkRequest", token);
        if (!limited.ok) return limitedAction(limited);
        return outcome(await requestNewLink(token, meta), token);
      }
      default:
        return json<ActionData>({ formError: "Unknown action." }, { status: 400 });
    }
  });
}

export default function LinkPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  if (data.kind === "invalid") {
    return (
      <main className="narrow client-page">
        <h1>This link is not valid</h1>
        <p>Check that you opened the whole link from the message you received.</p>
      </main>
    );
  }
  const { view } = data;
  return (
    <main className="narrow client-page">
      <AgencyHeader view={view} />
      <FormError message={actionData?.formError} />
      {view.status === "EXPIRED" ? <Expired view={view} /> : null}
      {view.status === "REVOKED" ? (
        <section>
          <h1>This request was withdrawn</h1>
          <p>
            {view.agency.name} withdrew this access request{view.revokedAt ? ` on ${formatDate(view.revokedAt)}` : ""}. There is nothing for
            you to do.
          </p>
        </section>
      ) : null}
      {view.status === "DECLINED" ? (
        <section>
          <h1>You declined this request</h1>
          <p>{view.agency.name} has been told. No access was granted through this link.</p>
        </section>
      ) : null}
      {view.status === "COMPLETED" ? <Completed view={view} /> : null}
      {isOpenStatus(view.status) ? <Request data={data} actionData={actionData} /> : null}
    </main>
  );
}

/** The agency's logo and name, underlined in its accent colour (validated again here; the default otherwise). */
function AgencyHeader({ view }: { view: LinkPageView }) {
  const colors = accentColors(view.agency.accentColor);
  return (
    <header className="agency-header" data-testid="agency-header" style={colors ? { borderColor: colors.accent } : undefined}>
      {view.agency.logoUrl ? <img src={view.agency.logoUrl} alt={view.agency.name} className="logo" data-testid="agency-logo" /> : null}
      <span className="agency-name" data-testid="agency-name">
        {view.agency.name}
      </span>
    </header>
  );
}

function Expired({ view }: { view: LinkPageView }) {
  return (
    <section>
      <h1>This link has expired</h1>
      <p>
        The access request from {view.agency.name} expired on {formatDateTime(view.expiresAt)}. Nothing was granted.
      </p>
      {view.newLinkRequested ? (
        <p className="notice" role="status">
          We've let {view.agency.name} know you asked for a new link.
        </p>
      ) : (
        <Form method="post">
          <button type="submit" name="intent" value="requestNew">
            Ask for a new link
          </button>
        </Form>
      )}
    </section>
  );
}

function Completed({ view }: { view: LinkPageView }) {
  return (
    <section>
      <h1>Thank you: access recorded</h1>
      <p>
        You told {view.agency.name} that you sent the invitation{view.completedAt ? ` on ${formatDateTime(view.completedAt)}` : ""}. They
        will check they can see the site.
      </p>
      <ul className="plain" data-testid="granted">
        {view.grants.map((g) => (
          <li key={g.hotjarSiteId}>
            {g.siteName ?? "Site"} <code>{g.hotjarSiteId}</code>: {roleLabel(g.role === "USER" ? "USER" : "VIEWER")} for {g.granteeEmail}
          </li>
        ))}
      </ul>
      <p className="hint">
        Hotjar invitations expire after {hotjar.invitationLifetimeDays} days. If {view.agency.name} cannot accept it in time, they will ask
        you to resend it.
      </p>
    </section>
  );
}

type LinkData = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "link" }>;

function Request({ data, actionData }: { data: LinkData; actionData?: ActionData }) {
  const { view, steps, notAsked, roleSummary } = data;
  const errors = actionData?.fieldErrors;
  const values = actionData?.values ?? {};
  const colors = accentColors(view.agency.accentColor);
  return (
    <>
      <h1>
        {view.requesterName} at {view.agency.name} asks for access to your Hotjar {view.sites.length > 1 ? "sites" : "site"}
      </h1>
      <p className="lead">
        It takes about two minutes: invite <strong>{view.granteeEmail}</strong> as <strong>{roleLabel(view.role)}</strong> in Hotjar with
        the steps below, then confirm at the bottom of this page. You stay in control and can remove the access at any time.
      </p>
      <section aria-labelledby="asked">
        <h2 id="asked">Exactly what is asked</h2>
        <dl className="facts">
          <dt>Role in Hotjar</dt>
          <dd data-testid="role">
            <strong>{roleLabel(view.role)}</strong>
            <br />
            <span className="hint">{roleSummary}</span>
          </dd>
          <dt>{view.sites.length > 1 ? "Sites" : "Site"}</dt>
          <dd data-testid="sites">
            {view.clientPicksSite
              ? "You choose the site below."
              : view.sites.map((s) => (
                  <span key={s.hotjarSiteId} className="site">
                    {s.name} <code>{s.hotjarSiteId}</code>
                    {s.url ? <span className="hint"> {s.url}</span> : null}
                  </span>
                ))}
          </dd>
          <dt>Hotjar account to invite</dt>
          <dd>
            <code data-testid="grantee">{view.granteeEmail}</code>
          </dd>
          <dt>Why</dt>
          <dd>{view.reason}</dd>
          <dt>For how long</dt>
          <dd>
            {view.accessEndsAt
              ? `Until ${formatDate(view.accessEndsAt)}, then ${view.agency.name} asks you to remove it`
              : "Until you or they remove it"}
          </dd>
          <dt>This link expires</dt>
          <dd>{formatDateTime(view.expiresAt)}</dd>
        </dl>
      </section>
      <section aria-labelledby="not-asked">
        <h2 id="not-asked">What is not asked</h2>
        <ul className="not-asked">
          {notAsked.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="genuine">
        <h2 id="genuine">Is this request genuine?</h2>
        <p>
          It was sent by {view.requesterName} of {view.agency.name} for {view.clientName}. If you did not expect it, check with them through
          a channel you already use (a known phone number, not a reply to this message) before granting anything. Nobody will ever ask you
          for your Hotjar password here.
        </p>
      </section>
      <section aria-labelledby="steps">
        <h2 id="steps">How to grant access in Hotjar</h2>
        {steps.map((path) => (
          <div key={path.id} className="path" data-path={path.id}>
            <h3>{path.title}</h3>
            {path.warning ? (
              <p className="warning" role="note">
                {path.warning}
              </p>
            ) : null}
            {path.prerequisite ? <p className="hint">{path.prerequisite}</p> : null}
            <ol>
              {path.steps.map((step, i) => (
                <li key={i}>
                  {step.text}
                  {step.href ? (
                    <>
                      {" "}
                      <a href={step.href} target="_blank" rel="noopener noreferrer">
                        Open Hotjar
                      </a>
                    </>
                  ) : null}
                  {step.copy.map((c) => (
                    <CopyField key={c.label} label={c.label} value={c.value} />
                  ))}
                </li>
              ))}
            </ol>
          </div>
        ))}
      </section>
      <section aria-labelledby="confirm">
        <h2 id="confirm">Then confirm here</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="grant" />
          <Field label="Your name" name="clientName" autoComplete="name" defaultValue={values.clientName} errors={errors} />
          <Field
            label="Your email"
            name="clientEmail"
            type="email"
            autoComplete="email"
            defaultValue={values.clientEmail}
            errors={errors}
          />
          {view.clientPicksSite ? (
            <Field
              label="Hotjar site ID(s) you sent the invitation on"
              name="siteIds"
              inputMode="numeric"
              defaultValue={values.siteIds}
              errors={errors}
              hint="Digits only; separate several with commas. It is the number in insights.hotjar.com/site/1234567."
            />
          ) : (
            <fieldset>
              <legend>Sites you sent the invitation on</legend>
              {view.sites.map((s) => (
                <label key={s.hotjarSiteId} className="choice">
                  <input type="checkbox" name="siteIds" value={s.hotjarSiteId} defaultChecked /> {s.name} <code>{s.hotjarSiteId}</code>
                </label>
              ))}
              <FieldError errors={errors} name="siteIds" />
            </fieldset>
          )}
          <button
            type="submit"
            className="primary-action"
            style={colors ? { background: colors.accent, borderColor: colors.accent, color: colors.text } : undefined}
          >
            I've sent the invitation
          </button>
        </Form>
      </section>
      <section aria-labelledby="decline">
        <details>
          <summary id="decline">Decline this request</summary>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="decline" />
            <div className="field">
              <label htmlFor="decline-reason">Reason (optional, shared with {view.agency.name})</label>
              <textarea id="decline-reason" name="reason" rows={2} />
              <FieldError errors={errors} name="reason" />
            </div>
            <button type="submit" className="secondary">
              Decline
            </button>
          </Form>
        </details>
      </section>
    </>
  );
}
