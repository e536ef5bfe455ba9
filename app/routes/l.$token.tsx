import type { ActionFunctionArgs, HeadersArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { IntlProvider } from "react-intl";

import { Invalid } from "~/components/client-page/closed";
import { LinkContent } from "~/components/client-page/link-content";
import { requestMeta } from "~/modules/audit/events.server";
import { formValues } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { localeOrNull } from "~/modules/i18n/locales";
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

export type ActionData = {
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
        const ids = { tooManyForwards: "page.forward.tooMany", intakeLink: "page.forward.notFromIntake", closed: "page.error.closed" };
        const id = ids[result.reason];
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
export type LinkData = Extract<Data, { kind: "link" }>;

export default function LinkPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <IntlProvider locale={data.locale} messages={data.messages} defaultLocale="en" timeZone="UTC">
      <main className="narrow client-page">{data.kind === "invalid" ? <Invalid /> : <LinkContent data={data} />}</main>
    </IntlProvider>
  );
}
