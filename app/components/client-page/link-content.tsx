import { useActionData } from "@remix-run/react";

import { accentColors } from "~/modules/agencies/branding";
import type { Locale } from "~/modules/i18n/locales";
import { isOpenStatus } from "~/modules/links/link-state";
import type { LinkPageView } from "~/modules/links/link-view.server";

import { Completed, Declined, Expired, Revoked } from "./closed";
import { LanguageSwitch } from "./language-switch";
import { Request } from "./request";
import type { ActionData, LinkData } from "./types";

export function LinkContent({ data }: { data: LinkData }) {
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

/**
 * The agency's logo and name, underlined in its accent colour (validated again here; the default
 * otherwise). Also the intake page's header.
 */
export function AgencyHeader({ view, locale }: { view: Pick<LinkPageView, "agency">; locale: Locale }) {
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
