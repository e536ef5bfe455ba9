import type { ActionFunctionArgs, HeadersArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { IntlProvider } from "react-intl";

import { Invalid } from "~/components/client-page/closed";
import { IntakeContent } from "~/components/client-page/intake-content";
import type { ActionData } from "~/components/client-page/types";
import { requestMeta } from "~/modules/audit/events.server";
import { formValues } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { localeOrNull } from "~/modules/i18n/locales";
import { messagesFor } from "~/modules/i18n/messages.server";
import { clientPageLocale } from "~/modules/i18n/negotiate.server";
import { arrive, intakePage } from "~/modules/intake/arrival.server";
import { ARRIVAL_FIELDS, ArrivalSchema, HONEYPOT_FIELD } from "~/modules/intake/schemas";
import { fieldErrorIds } from "~/modules/links/client-page-errors.server";
import { hotjar } from "~/modules/platforms/hotjar";
import { clientIp, retryAfterHeaders } from "~/modules/security/rate-limit.server";
import clientPageStyles from "~/styles/client-page.css";

// An intake link's public page (issue 18, docs/decisions/055): anyone the agency sends it to says
// who they are and which Hotjar site, and goes on to the normal client page (/l/...).

export const links: LinksFunction = () => [{ rel: "stylesheet", href: clientPageStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data && data.kind === "intake" ? data.title : "Access request" },
  { name: "robots", content: "noindex" },
];

export function headers(args: HeadersArgs) {
  const headers = retryAfterHeaders(args);
  headers.set("Vary", "Accept-Language");
  return headers;
}

const PAGE_NAMESPACES = ["page", "hotjar"] as const;

/** The page's language: the visitor's pick (`?lang=`, or the form's `lang`), else the intake link's, else the browser's. */
function localeOf(request: Request, intakeLocale: string | null, posted?: FormData) {
  const picked = localeOrNull(posted?.get("lang") ?? new URL(request.url).searchParams.get("lang"));
  const locale = clientPageLocale({ picked, link: intakeLocale, acceptLanguage: request.headers.get("accept-language") });
  return { locale, picked };
}

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const view = await intakePage(params.publicId ?? "");
    if (!view) {
      const { locale } = localeOf(request, null);
      return json({ kind: "invalid" as const, locale, messages: messagesFor(locale, PAGE_NAMESPACES) }, { status: 404 });
    }
    const { locale, picked } = localeOf(request, view.locale);
    const messages = messagesFor(locale, PAGE_NAMESPACES);
    return json(
      {
        kind: "intake" as const,
        view,
        locale,
        picked,
        messages,
        title: messages["page.meta.title"]!.replace("{agency}", view.agency.name),
        level: hotjar.roles[view.role === "USER" ? "USER" : "VIEWER"].platformName,
      },
      // Switched off for good: gone, not missing.
      { status: view.status === "closed" ? 410 : 200 },
    );
  });
}

function refused(status: number, formError: ActionData["formError"], formData: FormData, retryAfterSeconds?: number) {
  return json<ActionData>(
    { intent: "arrive", formError, values: formValues(formData) },
    { status, headers: retryAfterSeconds ? { "Retry-After": String(retryAfterSeconds) } : undefined },
  );
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const publicId = params.publicId ?? "";
    const formData = await request.formData();
    // A bot filled in the field people never see: nothing is made and nothing tells it why.
    if (String(formData.get(HONEYPOT_FIELD) ?? "") !== "") return redirect(new URL(request.url).pathname, 303);
    const view = await intakePage(publicId);
    if (!view) return refused(404, { id: "page.invalid.title" }, formData);
    if (view.status === "closed") return refused(410, { id: "page.intake.closed.title" }, formData);
    const parsed = ArrivalSchema.safeParse(Object.fromEntries(ARRIVAL_FIELDS.map((k) => [k, formData.get(k) ?? ""])));
    if (!parsed.success) {
      return json<ActionData>(
        { intent: "arrive", fieldErrors: fieldErrorIds(parsed.error.issues), values: formValues(formData) },
        { status: 400 },
      );
    }
    const { locale } = localeOf(request, view.locale, formData);
    const result = await arrive(publicId, parsed.data, { ip: clientIp(request), meta: requestMeta(request), locale });
    if (result.ok) return redirect(result.url, 303);
    switch (result.kind) {
      case "notFound":
        return refused(404, { id: "page.invalid.title" }, formData);
      case "closed":
        return refused(410, { id: "page.intake.closed.title" }, formData);
      case "ipLimit":
        return refused(
          429,
          { id: "page.intake.tooMany", values: { hours: Math.max(1, Math.ceil(result.retryAfterSeconds / 3600)) } },
          formData,
          result.retryAfterSeconds,
        );
      case "dailyLimit":
        return refused(429, { id: "page.intake.dailyLimit", values: { agency: view.agency.name } }, formData, result.retryAfterSeconds);
    }
  });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
export type IntakeData = Extract<Data, { kind: "intake" }>;

export default function IntakePage() {
  const data = useLoaderData<typeof loader>();
  return (
    <IntlProvider locale={data.locale} messages={data.messages} defaultLocale="en" timeZone="UTC">
      <main className="narrow client-page">{data.kind === "invalid" ? <Invalid /> : <IntakeContent data={data} />}</main>
    </IntlProvider>
  );
}
