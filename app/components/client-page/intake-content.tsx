import { Form, useActionData } from "@remix-run/react";

import { SubmitButton } from "~/components/ui/button";
import { HONEYPOT_FIELD } from "~/modules/intake/schemas";
import type { IntakeData } from "~/routes/i.$publicId";

import { AgencyHeader } from "./link-content";
import { FormErrorLine, Input, LangField } from "./parts";
import type { ActionData } from "./types";
import { useT } from "./use-t";

/** An intake link's page: what the agency will ask for, then the short form (or why it is closed). */
export function IntakeContent({ data }: { data: IntakeData }) {
  const actionData = useActionData<ActionData>();
  const { view } = data;
  return (
    <>
      <AgencyHeader view={view} locale={data.locale} />
      {view.status === "closed" ? <Closed agency={view.agency.name} /> : <Open data={data} actionData={actionData} />}
    </>
  );
}

function Closed({ agency }: { agency: string }) {
  const t = useT();
  return (
    <section data-testid="intake-closed">
      <h1>{t("page.intake.closed.title")}</h1>
      <p>{t("page.intake.closed.body", { agency })}</p>
    </section>
  );
}

function Open({ data, actionData }: { data: IntakeData; actionData?: ActionData }) {
  const t = useT();
  const { view } = data;
  const agency = view.agency.name;
  return (
    <section>
      <h1 className="mb-2 mt-3">{t("page.intake.title", { agency })}</h1>
      <p>{t("page.intake.intro", { agency })}</p>
      <section aria-label={t("page.summary.level")} className="rounded-lg border border-solid border-line bg-card px-4 py-2">
        <dl className="m-0 divide-y divide-line" data-testid="intake-summary">
          <div className="grid grid-cols-[6rem_1fr] gap-2 py-1 sm:grid-cols-[10rem_1fr]">
            <dt className="text-sm text-muted">{t("page.summary.level")}</dt>
            <dd className="m-0 min-w-0 break-words" data-testid="role">
              <strong>{t("page.summary.levelValue", { level: data.level })}</strong>{" "}
              <span className="block text-sm text-muted">{t(`hotjar.role.${view.role === "USER" ? "USER" : "VIEWER"}.summary`)}</span>
            </dd>
          </div>
          <div className="grid grid-cols-[6rem_1fr] gap-2 py-1 sm:grid-cols-[10rem_1fr]">
            <dt className="text-sm text-muted">{t("page.summary.why")}</dt>
            <dd className="m-0 min-w-0 break-words">{view.reason}</dd>
          </div>
        </dl>
      </section>
      <p className="notice">{t("hotjar.path.organization.warning", { agency, count: 1 })}</p>
      <Form method="post" className="mt-4" aria-label={t("page.intake.title", { agency })}>
        <LangField picked={data.picked} />
        <FormErrorLine actionData={actionData} intent="arrive" />
        <Input name="companyName" label={t("page.intake.field.companyName")} actionData={actionData} autoComplete="organization" required />
        <Input name="contactName" label={t("page.intake.field.contactName")} actionData={actionData} autoComplete="name" required />
        <Input
          name="contactEmail"
          type="email"
          label={t("page.intake.field.contactEmail")}
          actionData={actionData}
          autoComplete="email"
          required
        />
        <Input
          name="siteId"
          label={t("page.intake.field.siteId")}
          hint={t("page.intake.field.siteIdHint")}
          actionData={actionData}
          inputMode="text"
          required
        />
        <Input
          name="siteName"
          label={t("page.intake.field.siteName")}
          hint={t("page.intake.field.siteNameHint")}
          actionData={actionData}
          required
        />
        <Input name="siteUrl" label={t("page.intake.field.siteUrl")} actionData={actionData} autoComplete="url" />
        {/* People never see this field; a bot that fills it in is refused without a word. */}
        <div className="sr-only" aria-hidden="true">
          <label htmlFor="field-hp">{t("page.intake.honeypot")}</label>
          <input id="field-hp" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>
        <p className="hint">{t("page.intake.next", { agency, days: view.lifetimeDays })}</p>
        <SubmitButton intent="arrive" pendingLabel={t("page.intake.submitting")}>
          {t("page.intake.submit")}
        </SubmitButton>
      </Form>
    </section>
  );
}
