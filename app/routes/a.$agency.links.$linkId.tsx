import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CheckCircle2, Forward, MessageSquareWarning } from "lucide-react";
import type { ReactNode } from "react";

import { CopyButton } from "~/components/copy-button";
import { formatDate, formatDateTime } from "~/components/dates";
import { EmailTable } from "~/components/email-table";
import { FieldError } from "~/components/form";
import { GrantsTable } from "~/components/grants-table";
import { localeWords } from "~/components/locale-select";
import { LinkStatusPill } from "~/components/status-tone";
import { SubmitButton } from "~/components/ui/button";
import { ConfirmForm } from "~/components/ui/confirm-form";
import { Card, PageHeader } from "~/components/ui/layout";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { When } from "~/components/ui/when";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { accessLevelWords, describeEvent, plural } from "~/modules/audit/event-words";
import { listLinkEmails, retryEmail, sendLinkByEmail } from "~/modules/email/staff.server";
import { grantRowsForDisplay } from "~/modules/grants/grant-display.server";
import { grantProgress } from "~/modules/grants/grant-progress";
import { withEffectiveStatus } from "~/modules/grants/grants.server";
import { askToConfirm } from "~/modules/http/confirm.server";
import { AppError } from "~/modules/http/errors";
import { redirectWithFlash } from "~/modules/http/flash.server";
import { parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { intakeLinkName } from "~/modules/intake/intake.server";
import { parseForwards } from "~/modules/links/forwards";
import { isOpenStatus, linkTransition } from "~/modules/links/link-state";
import { getLink, reissueLink, revokeLink, staffNames } from "~/modules/links/links.server";
import { ReissueSchema } from "~/modules/links/schemas";
import { linkStepsReports } from "~/modules/links/steps-reports.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `Link for ${data.link.client.name}` : "Link", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "links:read");
    const now = new Date();
    const { link, effectiveStatus, sites, url, events } = await getLink(agency.id, params.linkId ?? "", now);
    const [emails, names, reports, intakeName] = await Promise.all([
      listLinkEmails(agency.id, link.id),
      staffNames(events),
      linkStepsReports(agency.id, link.id),
      intakeLinkName(agency.id, link.intakeLinkId),
    ]);
    const grants = grantRowsForDisplay(
      link.grants.map((g) => withEffectiveStatus(g, now)),
      link.client.hotjarOrganizationId,
    );
    return json({
      slug: agency.slug,
      now: now.toISOString(),
      defaultLifetimeDays: agency.defaultLifetimeDays,
      link: {
        id: link.id,
        role: link.role,
        granteeEmail: link.granteeEmail,
        recipientEmail: link.recipientEmail,
        reason: link.reason,
        clientPicksSite: link.clientPicksSite,
        expiresAt: link.expiresAt,
        accessEndsAt: link.accessEndsAt,
        createdAt: link.createdAt,
        firstOpenedAt: link.firstOpenedAt,
        lastOpenedAt: link.lastOpenedAt,
        openCount: link.openCount,
        completedAt: link.completedAt,
        declinedAt: link.declinedAt,
        declineReason: link.declineReason,
        revokedAt: link.revokedAt,
        newLinkRequestedAt: link.newLinkRequestedAt,
        tokenVersion: link.tokenVersion,
        locale: link.locale,
        client: link.client,
        createdBy: link.createdBy,
      },
      effectiveStatus,
      intakeName,
      // Who said "I've sent the invitation": the contact, or a colleague the link was forwarded to.
      confirmedBy:
        link.completedAt && link.grants[0]
          ? { name: link.grants[0].grantedByName, email: link.grants[0].grantedByEmail, at: link.completedAt }
          : null,
      forwards: parseForwards(link.forwardedTo),
      reports: reports.map((r) => ({ id: r.id, text: r.text, at: r.at })),
      progress: grantProgress(link.grants, now),
      canRevoke: linkTransition(link, "revoke", now).ok,
      canReissue: linkTransition(link, "reissue", now).ok,
      sites,
      url,
      grants,
      // Sentences, not codes: "Casey Client confirmed the invitation was sent · 2 sites". The
      // page is the link's, so the client's name would only repeat the heading.
      events: events.map((e) => ({
        id: e.id,
        createdAt: e.createdAt,
        words: describeEvent({ ...e, actorName: e.actorId ? names.get(e.actorId) : null }),
      })),
      emails,
      everSent: link.sentAt !== null,
    });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "links:write");
    const formData = await request.formData();
    const actor = { type: "staff" as const, id: user.id, label: user.email };
    const linkId = params.linkId ?? "";
    const here = `/a/${agency.slug}/links/${linkId}`;
    switch (formData.get("intent")) {
      case "send": {
        // It emails the client: asked first.
        const ask = askToConfirm(formData);
        if (ask) return ask;
        const to = await sendLinkByEmail(agency.id, linkId, actor);
        return redirectWithFlash(here, { kind: "success", message: `Email queued to ${to}. Its delivery shows under Emails.` });
      }
      case "retryEmail":
        await retryEmail(agency.id, String(formData.get("emailId") ?? ""), actor);
        return redirectWithFlash(here, { kind: "success", message: "Email queued again: it goes out within a minute." });
      case "revoke": {
        const ask = askToConfirm(formData);
        if (ask) return ask;
        await revokeLink(agency.id, linkId, actor);
        return redirectWithFlash(here, { kind: "success", message: "Link revoked: it no longer opens." });
      }
      case "reissue": {
        const parsed = parseForm(ReissueSchema, formData);
        if (!parsed.ok) return parsed.response;
        await reissueLink(agency.id, linkId, actor, parsed.data.lifetimeDays);
        return redirectWithFlash(here, {
          kind: "success",
          message: `Link reissued for ${plural(parsed.data.lifetimeDays, "day")}: the previous URL no longer works. Send this new one.`,
        });
      }
      default:
        throw new AppError(400, "Unknown action.");
    }
  });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="m-0 grid grid-cols-[minmax(0,1fr)] gap-x-6 gap-y-1 [overflow-wrap:anywhere] sm:grid-cols-[max-content_minmax(0,1fr)]">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-sm font-semibold text-muted">{term}</dt>
          <dd className="m-0 mb-2 min-w-0 break-words sm:mb-0">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function facts({ link, sites, effectiveStatus, now }: Pick<Data, "link" | "sites" | "effectiveStatus" | "now">): [string, ReactNode][] {
  const open = isOpenStatus(effectiveStatus);
  return [
    ["Access", accessLevelWords(link.role)],
    ["Sites", link.clientPicksSite ? "The client picks" : sites.map((s) => `${s.name} (${s.hotjarSiteId})`).join(", ")],
    ["Grantee", link.granteeEmail],
    ["Sent to", link.recipientEmail],
    ["Reason", link.reason],
    [
      "Language",
      <span key="language" data-testid="link-language">
        {localeWords(link.locale, "Automatic (the client's browser)")}
      </span>,
    ],
    ...(open || effectiveStatus === "EXPIRED"
      ? ([
          [
            open ? "Expires" : "Expired",
            <>
              <When date={link.expiresAt} now={now} /> <span className="text-muted">({formatDateTime(link.expiresAt)})</span>
            </>,
          ],
        ] as [string, ReactNode][])
      : []),
    ...(link.accessEndsAt ? ([["Access ends", formatDate(link.accessEndsAt)]] as [string, ReactNode][]) : []),
    [
      "Opened",
      link.openCount === 0 || !link.firstOpenedAt || !link.lastOpenedAt ? (
        "Not yet"
      ) : (
        <span data-testid="opened">
          {plural(link.openCount, "time")}, first <When date={link.firstOpenedAt} now={now} />, last{" "}
          <When date={link.lastOpenedAt} now={now} />
        </span>
      ),
    ],
    ...(link.declineReason ? ([["Decline reason", link.declineReason]] as [string, ReactNode][]) : []),
    ["Created by", `${link.createdBy.name}, ${formatDateTime(link.createdAt)}`],
  ];
}

/** What the client did besides confirming: who they sent the request on to, and what looks different to them. */
function ClientHelpNotes({ forwards, reports, now }: Pick<Data, "forwards" | "reports" | "now">) {
  if (forwards.length === 0 && reports.length === 0) return null;
  return (
    <>
      {reports.length > 0 ? (
        <section
          aria-labelledby="reports-title"
          data-testid="steps-reports"
          className="mb-4 rounded-md border border-solid border-warn bg-warn-soft px-4 py-3 [overflow-wrap:anywhere]"
        >
          <h2 id="reports-title" className="m-0 mb-2 flex items-center gap-2 text-base font-semibold text-fg">
            <MessageSquareWarning aria-hidden className="h-4 w-4 shrink-0 text-warn" />
            The client says Hotjar looks different
          </h2>
          <ul className="m-0 list-none space-y-2 p-0">
            {reports.map((r) => (
              <li key={r.id}>
                <q className="text-fg">{r.text}</q> <When date={r.at} now={now} className="text-sm text-muted" />
              </li>
            ))}
          </ul>
          <p className="m-0 mt-2 text-sm text-muted">Their screen does not match the steps on their page: help them by email or phone.</p>
        </section>
      ) : null}
      {forwards.length > 0 ? (
        <section
          aria-label="Forwarded by the client"
          data-testid="forwards"
          className="mb-4 rounded-md border border-solid border-line bg-card px-4 py-3 [overflow-wrap:anywhere]"
        >
          <ul className="m-0 list-none space-y-1 p-0">
            {forwards.map((f) => (
              <li key={`${f.email} ${f.at}`} className="flex items-start gap-2">
                <Forward aria-hidden className="mt-1 h-4 w-4 shrink-0 text-muted" />
                <span>
                  Forwarded to <strong>{f.email}</strong>
                  {f.name ? ` (${f.name})` : ""} on{" "}
                  <time dateTime={f.at} title={formatDateTime(f.at)}>
                    {formatDate(f.at)}
                  </time>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function SendCard({ link, url, everSent }: Pick<Data, "link" | "url" | "everSent">) {
  const label = `${everSent ? "Send again by email" : "Send by email"} to ${link.recipientEmail}`;
  return (
    <Card title="Send it" className="mb-4 [overflow-wrap:anywhere]">
      {/* A long URL wraps instead of widening the page on a phone. */}
      <code data-testid="link-url" className="block break-all rounded-md bg-canvas p-2 text-[0.9rem]">
        {url}
      </code>
      <div className="mt-3 flex flex-wrap gap-2">
        <CopyButton value={url} label="Copy link" toast="Link copied" />
        <ConfirmForm
          fields={{ intent: "send" }}
          trigger={label}
          title={`Email this link to ${link.recipientEmail}?`}
          description={
            <p className="m-0">
              {link.client.name} gets an email at <strong>{link.recipientEmail}</strong> now, with this link, the access it asks for and the
              reason. {everSent ? "They already had it once: this sends it again." : ""}
            </p>
          }
          confirmLabel="Send email"
          pendingLabel="Sending…"
          variant="primary"
          size="md"
        />
      </div>
    </Card>
  );
}

function ReissueForm({ defaultDays, errors }: { defaultDays: number; errors?: Record<string, string[]> }) {
  return (
    <Form method="post" className="m-0 flex flex-wrap items-end gap-2">
      <div className="flex flex-col gap-1">
        <label htmlFor="lifetimeDays" className="text-sm font-medium">
          Reissue for (days)
        </label>
        <input
          id="lifetimeDays"
          name="lifetimeDays"
          inputMode="numeric"
          defaultValue={String(defaultDays)}
          size={3}
          className="m-0 min-h-touch"
        />
      </div>
      <SubmitButton intent="reissue" variant="secondary" pendingLabel="Reissuing…">
        Reissue link
      </SubmitButton>
      <FieldError errors={errors} name="lifetimeDays" />
    </Form>
  );
}

export default function LinkDetail() {
  const data = useLoaderData<typeof loader>();
  const {
    slug,
    now,
    link,
    effectiveStatus,
    confirmedBy,
    forwards,
    reports,
    progress,
    canRevoke,
    canReissue,
    url,
    grants,
    events,
    emails,
    everSent,
    defaultLifetimeDays,
  } = data;
  const actionData = useActionData<{ fieldErrors?: Record<string, string[]> }>();
  const [params] = useSearchParams();
  const open = isOpenStatus(effectiveStatus);
  return (
    <>
      <p className="m-0 mb-3">
        <Link to={`/a/${slug}/links`}>← All links</Link>
      </p>
      <PageHeader
        title={
          <>
            Link for <Link to={`/a/${slug}/clients/${link.client.id}`}>{link.client.name}</Link>{" "}
            <LinkStatusPill status={effectiveStatus} progress={progress} />
          </>
        }
        description={
          <>
            To {link.recipientEmail}, created {formatDate(link.createdAt)}
            {data.intakeName ? <span data-testid="from-intake"> from intake link “{data.intakeName}”</span> : null}
            {confirmedBy ? (
              <span className="mt-1 flex items-start gap-1.5 text-fg [overflow-wrap:anywhere]" data-testid="confirmed-by">
                <CheckCircle2 aria-hidden className="mt-1 h-4 w-4 shrink-0 text-ok" />
                <span>
                  Confirmed by <strong>{confirmedBy.name}</strong> ({confirmedBy.email}) on{" "}
                  <time dateTime={confirmedBy.at} title={formatDateTime(confirmedBy.at)}>
                    {formatDate(confirmedBy.at)}
                  </time>
                </span>
              </span>
            ) : null}
          </>
        }
      />
      {params.get("created") && open ? (
        <p className="m-0 mb-4 rounded-md border border-solid border-ok-soft bg-ok-soft px-4 py-2 text-ok" role="status">
          Link created. Copy it and send it to {link.recipientEmail}.
        </p>
      ) : null}
      {link.newLinkRequestedAt && canReissue ? (
        <div
          role="note"
          className="mb-4 flex flex-wrap items-center gap-3 rounded-md border border-solid border-warn-soft bg-warn-soft px-4 py-3"
        >
          <p className="m-0 flex-1 text-fg">
            The client asked for a new link <When date={link.newLinkRequestedAt} now={now} />.
          </p>
          <Form method="post" className="m-0">
            <input type="hidden" name="lifetimeDays" value={defaultLifetimeDays} />
            <SubmitButton intent="reissue" pendingLabel="Reissuing…">
              Reissue it for {plural(defaultLifetimeDays, "day")}
            </SubmitButton>
          </Form>
        </div>
      ) : null}
      <ClientHelpNotes forwards={forwards} reports={reports} now={now} />
      {open ? <SendCard link={link} url={url} everSent={everSent} /> : null}
      <Card title="Details" className="mb-4">
        <Facts rows={facts(data)} />
      </Card>
      <Card title="Grants" className="mb-4">
        <GrantsTable slug={slug} grants={grants} />
      </Card>
      {canRevoke || canReissue ? (
        <Card title="Manage" className="mb-4">
          <div className="flex flex-wrap items-end gap-4">
            {canReissue ? <ReissueForm defaultDays={defaultLifetimeDays} errors={actionData?.fieldErrors} /> : null}
            {canRevoke ? (
              <ConfirmForm
                fields={{ intent: "revoke" }}
                trigger="Revoke link"
                title="Revoke this link?"
                description={
                  <p className="m-0">
                    The link stops working at once: if {link.client.name} opens it, the page says it was withdrawn. Access already granted
                    in Hotjar stays until you revoke those grants. This cannot be undone; you can create a new link.
                  </p>
                }
                confirmLabel="Revoke link"
                pendingLabel="Revoking…"
                size="md"
              />
            ) : null}
          </div>
        </Card>
      ) : null}
      <Card title="Emails" className="mb-4">
        <EmailTable emails={emails} />
      </Card>
      <Card title="Timeline">
        <ol className="m-0 flex list-none flex-col gap-2 p-0" data-testid="timeline">
          {events.map((e) => (
            <li key={e.id} className="flex flex-wrap gap-x-2">
              <span>
                {e.words.sentence}
                {e.words.context ? <span className="text-muted"> · {e.words.context}</span> : null}
              </span>
              <When date={e.createdAt} now={now} className="text-sm text-muted" />
            </li>
          ))}
        </ol>
      </Card>
    </>
  );
}
