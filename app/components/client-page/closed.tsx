import { Form } from "@remix-run/react";

import { SubmitButton } from "~/components/ui/button";
import type { LinkPageView } from "~/modules/links/link-view.server";
import { hotjar } from "~/modules/platforms/hotjar";

import { FormErrorLine, LangField, When } from "./parts";
import type { ActionData, LinkData } from "./types";
import { useT } from "./use-t";

export function Invalid() {
  const t = useT();
  return (
    <>
      <h1>{t("page.invalid.title")}</h1>
      <p>{t("page.invalid.body")}</p>
    </>
  );
}

export function Expired({ data, actionData }: { data: LinkData; actionData?: ActionData }) {
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

export function Revoked({ view }: { view: LinkPageView }) {
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

export function Declined({ view }: { view: LinkPageView }) {
  const t = useT();
  return (
    <section>
      <h1>{t("page.declined.title")}</h1>
      <p>{t("page.declined.body", { agency: view.agency.name })}</p>
    </section>
  );
}

export function Completed({ data }: { data: LinkData }) {
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
