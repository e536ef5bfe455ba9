import type { ActionFunctionArgs, HeadersArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Send } from "lucide-react";
import type { InputHTMLAttributes, ReactNode } from "react";
import { IntlProvider, useIntl } from "react-intl";

import { GuidedSteps, StepBody } from "~/components/client-page/guided-steps";
import { LanguageSwitch } from "~/components/client-page/language-switch";
import { useT } from "~/components/client-page/use-t";
import { SubmitButton } from "~/components/ui/button";
import { accentColors } from "~/modules/agencies/branding";
import { requestMeta } from "~/modules/audit/events.server";
import { formValues } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { type Locale, localeOrNull } from "~/modules/i18n/locales";
import { messagesFor } from "~/modules/i18n/messages.server";
import { clientPageLocale } from "~/modules/i18n/negotiate.server";
import { forwardLink, reportStepsDifferent } from "~/modules/links/client-help.server";
import { fieldErrorId, fieldErrorIds, type PageMessage } from "~/modules/links/client-page-errors.server";
import { MAX_FORWARDS_PER_LINK } from "~/modules/links/forwards";
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
import { CompleteLinkSchema, DeclineLinkSchema, ForwardLinkSchema, grantFields, StepsReportSchema } from "~/modules/links/schemas";
import { hotjar } from "~/modules/platforms/hotjar";
import { consumeLinkAction, type Limited, retryAfterHeaders } from "~/modules/security/rate-limit.server";
import clientPageStyles from "~/styles/client-page.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: clientPageStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data && data.kind === "link" ? data.title : "Access request" },
  { name: "robots", content: "noindex" },
];

export function headers(args: HeadersArgs) {
  const headers = retryAfterHeaders(args);
  // The page's language may come from Accept-Language: a shared cache must not mix them.
  headers.set("Vary", "Accept-Language");
  return headers;
}

const STATUS_CODE: Partial<Record<LinkPageView["status"], number>> = { EXPIRED: 410, REVOKED: 410 };
const PAGE_NAMESPACES = ["page", "hotjar"] as const;

function localeOf(request: Request, linkLocale: string | null) {
  const picked = localeOrNull(new URL(request.url).searchParams.get("lang"));
  const locale = clientPageLocale({ picked, link: linkLocale, acceptLanguage: request.headers.get("accept-language") });
  return { locale, picked };
}

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params, context }: LoaderFunctionArgs) => {
    const token = params.token ?? "";
    const invalid = () => {
      const { locale } = localeOf(request, null);
      return json({ kind: "invalid" as const, locale, messages: messagesFor(locale, PAGE_NAMESPACES) }, { status: 404 });
    };
    // A token that is not ours costs an HMAC check and nothing else: no limiter, no query
    // (docs/decisions/024). Expired and superseded tokens are authentic: the page explains them.
    if (!verifyToken(token)) return invalid();
    // After a form post Remix runs this loader again to draw the answer: that is not an open.
    // Remix hands the loader a GET either way: the HTTP method comes from the load context.
    const method = context.requestMethod ?? request.method;
    const view = await openLinkPage(token, requestMeta(request), new Date(), method === "GET" || method === "HEAD");
    if (!view) return invalid();
    const { locale, picked } = localeOf(request, view.locale);
    const messages = messagesFor(locale, PAGE_NAMESPACES);
    const paths = hotjar.inviteSteps({
      granteeEmail: view.granteeEmail,
      role: view.role,
      siteIds: view.sites.map((s) => s.hotjarSiteId),
      organizationId: view.organizationId ?? undefined,
    });
    const documented = paths.find((p) => p.documented) ?? paths[0]!;
    const alternatives = paths.filter((p) => p !== documented);
    return json(
      {
        kind: "link" as const,
        view,
        locale,
        picked,
        messages,
        title: messages["page.meta.title"]!.replace("{agency}", view.agency.name),
        documented,
        alternatives,
        level: hotjar.roles[view.role].platformName,
        checkedOn: hotjar.stepsCheckedOn,
        sources: hotjar.sources,
        lifetimeDays: hotjar.invitationLifetimeDays,
        maxForwards: MAX_FORWARDS_PER_LINK,
      },
      { status: STATUS_CODE[view.status] ?? 200 },
    );
  });
}

type ActionData = {
  intent?: string;
  fieldErrors?: Record<string, string>;
  formError?: PageMessage;
  values?: Record<string, string>;
  reported?: boolean;
};

/** Back to the page after a change, in the language the client picked (`lang` rides along in each form). */
function backToPage(token: string, formData: FormData) {
  const lang = localeOrNull(formData.get("lang"));
  return redirect(`/l/${token}${lang ? `?lang=${lang}` : ""}`);
}

function refused(intent: string, formError: PageMessage, status: number, values?: Record<string, string>, headers?: HeadersInit) {
  return json<ActionData>({ intent, formError, values }, { status, headers });
}

function limited(intent: string, result: Limited, formData: FormData) {
  const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
  return refused(intent, { id: "page.error.tooMany", values: { minutes } }, 429, formValues(formData), {
    "Retry-After": String(result.retryAfterSeconds),
  });
}

function outcome(result: ClientActionResult, token: string, formData: FormData, intent: string) {
  if (result.ok) return backToPage(token, formData);
  if (result.kind === "invalid") return refused(intent, { id: "page.invalid.title" }, 404);
  if (result.kind === "field") {
    return json<ActionData>(
      { intent, fieldErrors: { [result.field]: fieldErrorId(result.field, "invalid") }, values: formValues(formData) },
      { status: 400 },
    );
  }
  return refused(intent, { id: "page.error.closed" }, 409);
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const token = params.token ?? "";
    const formData = await request.formData();
    const meta = requestMeta(request);
    const intent = String(formData.get("intent") ?? "");
    const invalidFields = (issues: Parameters<typeof fieldErrorIds>[0]) =>
      json<ActionData>({ intent, fieldErrors: fieldErrorIds(issues), values: formValues(formData) }, { status: 400 });
    switch (intent) {
      case "grant": {
        const parsed = CompleteLinkSchema.safeParse(grantFields(formData));
        if (!parsed.success) return invalidFields(parsed.error.issues);
        return outcome(await completeLink(token, parsed.data, meta), token, formData, intent);
      }
      case "decline": {
        const parsed = DeclineLinkSchema.safeParse({ reason: formData.get("reason") ?? "" });
        if (!parsed.success) return invalidFields(parsed.error.issues);
        return outcome(await declineLink(token, parsed.data.reason, meta), token, formData, intent);
      }
      case "requestNew": {
        const limit = await consumeLinkAction("newLinkRequest", token);
        if (!limit.ok) return limited(intent, limit, formData);
        return outcome(await requestNewLink(token, meta), token, formData, intent);
      }
      case "forward": {
        const parsed = ForwardLinkSchema.safeParse(
          Object.fromEntries(["colleagueEmail", "colleagueName", "fromName", "note"].map((k) => [k, formData.get(k) ?? ""])),
        );
        if (!parsed.success) return invalidFields(parsed.error.issues);
        const limit = await consumeLinkAction("linkForward", token);
        if (!limit.ok) return limited(intent, limit, formData);
        const result = await forwardLink(token, parsed.data, meta);
        if (result.ok) return backToPage(token, formData);
        if (result.kind === "invalid") return refused(intent, { id: "page.invalid.title" }, 404);
        const id = result.reason === "tooManyForwards" ? "page.forward.tooMany" : "page.error.closed";
        return refused(intent, { id, values: { max: MAX_FORWARDS_PER_LINK } }, 409, formValues(formData));
      }
      case "report": {
        const parsed = StepsReportSchema.safeParse({ text: formData.get("text") ?? "" });
        if (!parsed.success) return invalidFields(parsed.error.issues);
        const limit = await consumeLinkAction("stepsReport", token);
        if (!limit.ok) return limited(intent, limit, formData);
        const result = await reportStepsDifferent(token, parsed.data.text, meta);
        if (!result.ok) return refused(intent, { id: "page.invalid.title" }, 404);
        return json<ActionData>({ intent, reported: true });
      }
      default:
        return refused(intent, { id: "page.error.unknown" }, 400);
    }
  });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type LinkData = Extract<Data, { kind: "link" }>;

export default function LinkPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <IntlProvider locale={data.locale} messages={data.messages} defaultLocale="en" timeZone="UTC">
      <main className="narrow client-page">{data.kind === "invalid" ? <Invalid /> : <LinkContent data={data} />}</main>
    </IntlProvider>
  );
}

function Invalid() {
  const t = useT();
  return (
    <>
      <h1>{t("page.invalid.title")}</h1>
      <p>{t("page.invalid.body")}</p>
    </>
  );
}

function LinkContent({ data }: { data: LinkData }) {
  const { view } = data;
  const actionData = useActionData<ActionData>();
  return (
    <>
      <AgencyHeader view={view} locale={data.locale} />
      {view.status === "EXPIRED" ? <Expired data={data} actionData={actionData} /> : null}
      {view.status === "REVOKED" ? <Revoked view={view} /> : null}
      {view.status === "DECLINED" ? <Declined view={view} /> : null}
      {view.status === "COMPLETED" ? <Completed data={data} /> : null}
      {isOpenStatus(view.status) ? <Request data={data} actionData={actionData} /> : null}
    </>
  );
}

/** The agency's logo and name, underlined in its accent colour (validated again here; the default otherwise). */
function AgencyHeader({ view, locale }: { view: LinkPageView; locale: Locale }) {
  const colors = accentColors(view.agency.accentColor);
  return (
    <header
      className="agency-header justify-between"
      data-testid="agency-header"
      style={colors ? { borderColor: colors.accent } : undefined}
    >
      <span className="flex min-w-0 items-center gap-3">
        {view.agency.logoUrl ? <img src={view.agency.logoUrl} alt={view.agency.name} className="logo" data-testid="agency-logo" /> : null}
        <span className="agency-name" data-testid="agency-name">
          {view.agency.name}
        </span>
      </span>
      <LanguageSwitch current={locale} />
    </header>
  );
}

/** Every form of the page carries the language the client picked, so the answer stays in it. */
function LangField({ picked }: { picked: string | null }) {
  return picked ? <input type="hidden" name="lang" value={picked} /> : null;
}

function FormErrorLine({ actionData, intent }: { actionData?: ActionData; intent: string }) {
  const t = useT();
  if (!actionData?.formError || actionData.intent !== intent) return null;
  return (
    <p className="form-error" role="alert">
      {t(actionData.formError.id, actionData.formError.values)}
    </p>
  );
}

function Expired({ data, actionData }: { data: LinkData; actionData?: ActionData }) {
  const t = useT();
  const { view } = data;
  return (
    <section>
      <h1>{t("page.expired.title")}</h1>
      <p>{t("page.expired.body", { agency: view.agency.name, date: <When iso={view.expiresAt} /> })}</p>
      <FormErrorLine actionData={actionData} intent="requestNew" />
      {view.newLinkRequested ? (
        <p className="notice" role="status">
          {t("page.expired.requested", { agency: view.agency.name })}
        </p>
      ) : (
        <Form method="post">
          <LangField picked={data.picked} />
          <SubmitButton intent="requestNew">{t("page.expired.ask")}</SubmitButton>
        </Form>
      )}
    </section>
  );
}

function Revoked({ view }: { view: LinkPageView }) {
  const t = useT();
  return (
    <section>
      <h1>{t("page.revoked.title")}</h1>
      <p>
        {view.revokedAt
          ? t("page.revoked.bodyOn", { agency: view.agency.name, date: <When iso={view.revokedAt} dateOnly /> })
          : t("page.revoked.body", { agency: view.agency.name })}
      </p>
    </section>
  );
}

function Declined({ view }: { view: LinkPageView }) {
  const t = useT();
  return (
    <section>
      <h1>{t("page.declined.title")}</h1>
      <p>{t("page.declined.body", { agency: view.agency.name })}</p>
    </section>
  );
}

/** A time in the page's language, in UTC with the zone named, the same on the server and in the browser. */
function When({ iso, dateOnly = false }: { iso: string; dateOnly?: boolean }) {
  const intl = useIntl();
  const text = dateOnly
    ? intl.formatDate(iso, { dateStyle: "medium" })
    : `${intl.formatDate(iso, { dateStyle: "medium", timeStyle: "short" })} UTC`;
  return <time dateTime={iso}>{text}</time>;
}

function Completed({ data }: { data: LinkData }) {
  const t = useT();
  const { view } = data;
  return (
    <section>
      <h1>{t("page.completed.title")}</h1>
      <p>
        {t("page.completed.body", {
          agency: view.agency.name,
          date: <When iso={view.completedAt ?? view.expiresAt} />,
          count: view.grants.length,
        })}
      </p>
      <ul className="plain" data-testid="granted">
        {view.grants.map((g) => (
          <li key={g.hotjarSiteId}>
            {t("page.completed.grant", {
              site: g.siteName ?? g.hotjarSiteId,
              siteId: g.hotjarSiteId,
              level: hotjarLevel(g.role),
              email: g.granteeEmail,
            })}
          </li>
        ))}
      </ul>
      <p className="hint">{t("hotjar.invitationLifetime", { agency: view.agency.name, days: data.lifetimeDays ?? 7 })}</p>
    </section>
  );
}

function hotjarLevel(role: string) {
  return hotjar.roles[role === "USER" ? "USER" : "VIEWER"].platformName;
}

function Request({ data, actionData }: { data: LinkData; actionData?: ActionData }) {
  const t = useT();
  const { view } = data;
  const agency = view.agency.name;
  const count = view.sites.length || 1;
  const warningValues = { agency, count };
  return (
    <>
      <h1 className="mb-2 mt-3">{t("page.request.title", { agency, count })}</h1>
      <Summary data={data} />

      <section aria-labelledby="steps-title" className="mt-4">
        <h2 id="steps-title" className="mb-2 mt-0">
          {t("page.steps.title", { agency })}
        </h2>
        <GuidedSteps
          steps={data.documented.steps}
          warningValues={warningValues}
          onDone={() => {
            const button = document.getElementById(CONFIRM_BUTTON_ID);
            button?.scrollIntoView({ behavior: "smooth", block: "center" });
            button?.focus();
          }}
        />
        <p className="hint mb-0 mt-3 text-sm">
          {t("hotjar.uiLanguage")} {t("hotjar.checkedOn", { date: <When iso={`${data.checkedOn}T00:00:00Z`} dateOnly /> })}
        </p>
        <details className="mt-1 text-sm">
          <summary className="inline-flex min-h-touch cursor-pointer items-center text-accent">{t("page.steps.sources")}</summary>
          <ul className="m-0 pl-5" lang="en">
            {data.sources.map((s) => (
              <li key={s.id}>
                <a href={s.url} target="_blank" rel="noopener noreferrer" className="inline-flex min-h-touch items-center">
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
        </details>
        <LooksDifferent data={data} actionData={actionData} warningValues={warningValues} />
      </section>

      <Confirm data={data} actionData={actionData} />
      <Forward data={data} actionData={actionData} />
      <Trust data={data} />
      <Decline data={data} actionData={actionData} />
    </>
  );
}

function Summary({ data }: { data: LinkData }) {
  const t = useT();
  const { view } = data;
  const agency = view.agency.name;
  const count = view.sites.length;
  const row = (label: string, value: ReactNode, testId?: string) => (
    <div className="grid grid-cols-[6rem_1fr] gap-2 py-1 sm:grid-cols-[10rem_1fr]">
      <dt className="text-sm text-muted">{label}</dt>
      <dd className="m-0 min-w-0 break-words" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
  return (
    <section aria-label={t("page.summary.level")} className="rounded-lg border border-solid border-line bg-card px-4 py-2">
      <dl className="m-0 divide-y divide-line">
        {row(
          t("page.summary.level"),
          <>
            <strong>{t("page.summary.levelValue", { level: data.level })}</strong>{" "}
            <span className="block text-sm text-muted">{t(`hotjar.role.${view.role}.summary`)}</span>
          </>,
          "role",
        )}
        {row(
          t("page.summary.sites", { count: count || 1 }),
          view.clientPicksSite
            ? t("page.summary.sitesPicked")
            : view.sites.map((s) => (
                <span key={s.hotjarSiteId} className="block">
                  {s.name} <span className="text-sm text-muted">({s.hotjarSiteId})</span>
                </span>
              )),
          "sites",
        )}
        {row(t("page.summary.invite"), <span data-testid="grantee">{view.granteeEmail}</span>)}
        {row(t("page.summary.why"), view.reason)}
        {row(
          t("page.summary.until"),
          view.accessEndsAt
            ? t("page.summary.untilDate", { date: <When iso={view.accessEndsAt} dateOnly />, agency })
            : t("page.summary.untilRemoved", { agency }),
        )}
      </dl>
      <p className="m-0 border-0 border-t border-solid border-line py-2 text-sm text-muted">
        {t("page.summary.organization", { count: count || 1 })} {t("page.summary.expiresOn", { date: <When iso={view.expiresAt} /> })}
      </p>
    </section>
  );
}

function LooksDifferent({
  data,
  actionData,
  warningValues,
}: {
  data: LinkData;
  actionData?: ActionData;
  warningValues: Record<string, string | number>;
}) {
  const t = useT();
  const agency = data.view.agency.name;
  const mine = actionData?.intent === "report";
  return (
    <details className="fold" open={mine || undefined} data-testid="looks-different">
      <summary>{t("hotjar.path.siteTeam.title")}</summary>
      {data.alternatives.map((path) => (
        <div key={path.id} data-path={path.id}>
          <p className="text-sm">{t("hotjar.path.siteTeam.intro")}</p>
          <ol className="m-0 grid gap-3 pl-5">
            {path.steps.map((step) => (
              <li key={step.id}>
                <StepBody step={step} warningValues={warningValues} />
              </li>
            ))}
          </ol>
        </div>
      ))}
      <h3>{t("page.different.reportTitle")}</h3>
      {mine && actionData?.reported ? (
        <p className="notice" role="status">
          {t("page.different.sent", { agency })}
        </p>
      ) : (
        <Form method="post" noValidate>
          <LangField picked={data.picked} />
          <FormErrorLine actionData={actionData} intent="report" />
          <TextArea
            name="text"
            label={t("page.different.reportLabel", { agency })}
            hint={t("page.different.reportHint", { agency })}
            actionData={mine ? actionData : undefined}
          />
          <SubmitButton intent="report" variant="secondary">
            {t("page.different.send", { agency })}
          </SubmitButton>
        </Form>
      )}
    </details>
  );
}

function errorText(t: ReturnType<typeof useT>, actionData: ActionData | undefined, name: string) {
  const id = actionData?.fieldErrors?.[name];
  return id ? t(id) : undefined;
}

function Input({
  name,
  label,
  actionData,
  defaultValue,
  hint,
  ...input
}: {
  name: string;
  label: string;
  actionData?: ActionData;
  defaultValue?: string;
  hint?: string;
} & InputHTMLAttributes<HTMLInputElement>) {
  const t = useT();
  const error = errorText(t, actionData, name);
  const id = `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        defaultValue={actionData?.values?.[name] ?? defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...input}
      />
      {hint ? <p className="hint">{hint}</p> : null}
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function TextArea({ name, label, hint, actionData }: { name: string; label: string; hint?: string; actionData?: ActionData }) {
  const t = useT();
  const error = errorText(t, actionData, name);
  const id = `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        rows={3}
        defaultValue={actionData?.values?.[name]}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {hint ? <p className="hint">{hint}</p> : null}
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

const CONFIRM_BUTTON_ID = "confirm-button";

function Confirm({ data, actionData }: { data: LinkData; actionData?: ActionData }) {
  const t = useT();
  const { view } = data;
  const mine = actionData?.intent === "grant" ? actionData : undefined;
  const colors = accentColors(view.agency.accentColor);
  // "I've sent the invitation" is the only action unless something is truly missing.
  const needsInput = !view.prefill.name || !view.prefill.email || view.clientPicksSite || Boolean(mine?.fieldErrors);
  const fields = (
    <>
      <Input name="clientName" label={t("page.confirm.name")} autoComplete="name" defaultValue={view.prefill.name} actionData={mine} />
      <Input
        name="clientEmail"
        label={t("page.confirm.email")}
        type="email"
        autoComplete="email"
        defaultValue={view.prefill.email}
        actionData={mine}
      />
      {view.clientPicksSite ? (
        <Input
          name="siteIds"
          label={t("page.confirm.siteIds")}
          inputMode="numeric"
          hint={t("page.confirm.siteIdsHint")}
          actionData={mine}
        />
      ) : (
        <fieldset className="m-0 border-0 p-0">
          <legend className="font-semibold">{t("page.confirm.sites")}</legend>
          {view.sites.map((s) => (
            <label key={s.hotjarSiteId} className="choice flex min-h-touch items-center gap-3">
              <input type="checkbox" name="siteIds" value={s.hotjarSiteId} defaultChecked className="h-6 w-6" /> {s.name}{" "}
              <span className="text-sm text-muted">({s.hotjarSiteId})</span>
            </label>
          ))}
          {errorText(t, mine, "siteIds") ? (
            <p className="error" role="alert" data-field="siteIds">
              {errorText(t, mine, "siteIds")}
            </p>
          ) : null}
        </fieldset>
      )}
    </>
  );
  return (
    <section aria-labelledby="confirm" className="mt-6">
      <h2 id="confirm" className="mt-0">
        {t("page.confirm.title")}
      </h2>
      <Form method="post" noValidate>
        <LangField picked={data.picked} />
        <FormErrorLine actionData={actionData} intent="grant" />
        {needsInput ? (
          fields
        ) : (
          <>
            <p className="m-0 mb-1" data-testid="confirming-as">
              {view.prefill.name
                ? t("page.confirm.as", { name: view.prefill.name, email: view.prefill.email })
                : t("page.confirm.asEmailOnly", { email: view.prefill.email })}
            </p>
            <details className="fold mb-3 mt-0">
              <summary>{t("page.confirm.change")}</summary>
              {fields}
            </details>
          </>
        )}
        <SubmitButton
          intent="grant"
          id={CONFIRM_BUTTON_ID}
          pendingLabel={t("page.confirm.sending")}
          className="primary-action w-full text-lg"
          style={colors ? { background: colors.accent, borderColor: colors.accent, color: colors.text } : undefined}
        >
          {t("page.confirm.button")}
        </SubmitButton>
      </Form>
    </section>
  );
}

function Forward({ data, actionData }: { data: LinkData; actionData?: ActionData }) {
  const t = useT();
  const { view } = data;
  const mine = actionData?.intent === "forward" ? actionData : undefined;
  const full = view.forwards.length >= data.maxForwards;
  return (
    <section className="mt-6">
      {view.forwards.length > 0 ? (
        <ul className="m-0 mb-2 list-none p-0" role="status" data-testid="forwards">
          {view.forwards.map((f) => (
            <li key={`${f.email}-${f.at}`} className="flex items-start gap-2 text-sm">
              <Send aria-hidden className="mt-1 h-4 w-4 shrink-0 text-ok" />
              {f.name
                ? t("page.forward.sentNamed", { name: f.name, email: f.email, date: <When iso={f.at} /> })
                : t("page.forward.sent", { email: f.email, date: <When iso={f.at} /> })}
            </li>
          ))}
        </ul>
      ) : null}
      {/* Keyed by the count: after a forward the form folds away and the line above says where it went. */}
      <details key={view.forwards.length} className="fold" open={mine ? true : undefined} data-testid="forward">
        <summary>{t("page.forward.summary")}</summary>
        <p className="text-sm">{t("page.forward.intro", { agency: view.agency.name })}</p>
        <FormErrorLine actionData={actionData} intent="forward" />
        {full ? (
          <p className="hint">{t("page.forward.tooMany", { max: data.maxForwards, agency: view.agency.name })}</p>
        ) : (
          <Form method="post" noValidate>
            <LangField picked={data.picked} />
            <Input name="colleagueEmail" label={t("page.forward.email")} type="email" autoComplete="off" actionData={mine} />
            <Input name="colleagueName" label={t("page.forward.name")} autoComplete="off" actionData={mine} />
            <Input
              name="fromName"
              label={t("page.forward.fromName")}
              autoComplete="name"
              defaultValue={view.prefill.name}
              actionData={mine}
            />
            <TextArea name="note" label={t("page.forward.note")} actionData={mine} />
            <SubmitButton intent="forward" variant="secondary">
              {t("page.forward.button")}
            </SubmitButton>
          </Form>
        )}
      </details>
    </section>
  );
}

function Trust({ data }: { data: LinkData }) {
  const t = useT();
  const { view } = data;
  const agency = view.agency.name;
  return (
    <details className="fold">
      <summary>{t("page.trust.summary")}</summary>
      <h3>{t("page.trust.notAsked")}</h3>
      <ul className="not-asked">
        {["password", "admin", "billing", "otherOrganizations"].map((key) => (
          <li key={key}>{t(`hotjar.notAsked.${key}`, { agency })}</li>
        ))}
      </ul>
      <h3>{t("page.trust.genuineTitle")}</h3>
      <p>{t("page.trust.genuine", { requester: view.requesterName, agency, client: view.clientName })}</p>
    </details>
  );
}

function Decline({ data, actionData }: { data: LinkData; actionData?: ActionData }) {
  const t = useT();
  const mine = actionData?.intent === "decline" ? actionData : undefined;
  return (
    <details className="fold" open={mine ? true : undefined}>
      <summary>{t("page.decline.summary")}</summary>
      <Form method="post" noValidate>
        <LangField picked={data.picked} />
        <FormErrorLine actionData={actionData} intent="decline" />
        <TextArea name="reason" label={t("page.decline.reason", { agency: data.view.agency.name })} actionData={mine} />
        <SubmitButton intent="decline" variant="danger">
          {t("page.decline.button")}
        </SubmitButton>
      </Form>
    </details>
  );
}
