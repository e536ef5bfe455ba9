import { Form } from "@remix-run/react";
import { Send } from "lucide-react";
import type { ReactNode } from "react";

import { SubmitButton } from "~/components/ui/button";
import { EmailText } from "~/components/ui/email-text";
import { accentColors } from "~/modules/agencies/branding";

import { GuidedSteps, StepBody } from "./guided-steps";
import { errorText, FormErrorLine, Input, LangField, TextArea, When } from "./parts";
import type { ActionData, LinkData } from "./types";
import { useT } from "./use-t";

export function Request({ data, actionData }: { data: LinkData; actionData?: ActionData }) {
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
      {data.view.forwardable ? <Forward data={data} actionData={actionData} /> : null}
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
        {row(
          t("page.summary.invite"),
          <span data-testid="grantee">
            <EmailText email={view.granteeEmail} />
          </span>,
        )}
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
