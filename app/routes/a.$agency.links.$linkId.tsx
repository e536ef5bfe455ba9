import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";

import { CopyField } from "~/components/copy-field";
import { formatDate, formatDateTime, relative } from "~/components/dates";
import { EmailTable } from "~/components/email-table";
import { FieldError } from "~/components/form";
import { GrantsTable } from "~/components/grants-table";
import { StatusBadge } from "~/components/status-badge";
import { ConfirmForm } from "~/components/ui/confirm-form";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { listLinkEmails, retryEmail, sendLinkByEmail } from "~/modules/email/staff.server";
import { grantRowsForDisplay } from "~/modules/grants/grant-display.server";
import { withEffectiveStatus } from "~/modules/grants/grants.server";
import { askToConfirm } from "~/modules/http/confirm.server";
import { AppError } from "~/modules/http/errors";
import { redirectWithFlash } from "~/modules/http/flash.server";
import { parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { isOpenStatus, linkTransition } from "~/modules/links/link-state";
import { getLink, reissueLink, revokeLink } from "~/modules/links/links.server";
import { ReissueSchema } from "~/modules/links/schemas";
import { roleLabel } from "~/modules/platforms/hotjar";

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "links:read");
    const now = new Date();
    const { link, effectiveStatus, sites, url, events } = await getLink(agency.id, params.linkId ?? "", now);
    const emails = await listLinkEmails(agency.id, link.id);
    const grants = grantRowsForDisplay(
      link.grants.map((g) => withEffectiveStatus(g, now)),
      link.client.hotjarOrganizationId,
    );
    return json({
      slug: agency.slug,
      now: now.toISOString(),
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
        client: link.client,
        createdBy: link.createdBy,
      },
      effectiveStatus,
      canRevoke: linkTransition(link, "revoke", now).ok,
      canReissue: linkTransition(link, "reissue", now).ok,
      sites,
      url,
      grants,
      events,
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
    switch (formData.get("intent")) {
      case "send":
        await sendLinkByEmail(agency.id, linkId, actor);
        return redirect(`/a/${agency.slug}/links/${linkId}?sent=1`);
      case "retryEmail":
        await retryEmail(agency.id, String(formData.get("emailId") ?? ""), actor);
        return redirect(`/a/${agency.slug}/links/${linkId}`);
      case "revoke": {
        const ask = askToConfirm(formData);
        if (ask) return ask;
        await revokeLink(agency.id, linkId, actor);
        return redirectWithFlash(`/a/${agency.slug}/links/${linkId}`, { kind: "success", message: "Link revoked: it no longer opens." });
      }
      case "reissue": {
        const parsed = parseForm(ReissueSchema, formData);
        if (!parsed.ok) return parsed.response;
        await reissueLink(agency.id, linkId, actor, parsed.data.lifetimeDays);
        return redirect(`/a/${agency.slug}/links/${linkId}?reissued=1`);
      }
      default:
        throw new AppError(400, "Unknown action.");
    }
  });
}

export default function LinkDetail() {
  const { slug, now, link, effectiveStatus, canRevoke, canReissue, sites, url, grants, events, emails, everSent } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<{ fieldErrors?: Record<string, string[]> }>();
  const [params] = useSearchParams();
  const open = isOpenStatus(effectiveStatus);
  return (
    <>
      <p>
        <Link to={`/a/${slug}/links`}>← All links</Link>
      </p>
      <div className="page-head">
        <h1>
          Link for <Link to={`/a/${slug}/clients/${link.client.id}`}>{link.client.name}</Link> <StatusBadge status={effectiveStatus} />
        </h1>
      </div>
      {params.get("created") && open ? (
        <p className="notice" role="status">
          Link created. Copy it and send it to {link.recipientEmail}.
        </p>
      ) : null}
      {params.get("reissued") ? (
        <p className="notice" role="status">
          Link reissued: the previous URL no longer works. Send this new one.
        </p>
      ) : null}
      {link.newLinkRequestedAt ? (
        <p className="warning" role="note">
          The client asked for a new link {relative(link.newLinkRequestedAt, now)}. Reissue it below.
        </p>
      ) : null}
      {params.get("sent") ? (
        <p className="notice" role="status">
          Email queued to {link.recipientEmail}. Its delivery shows below.
        </p>
      ) : null}
      {open ? (
        <div className="send-row">
          <CopyField label="Link" value={url} testId="link-url" />
          <Form method="post">
            <button type="submit" name="intent" value="send" className="small">
              {everSent ? "Send again by email" : "Send by email"} to {link.recipientEmail}
            </button>
          </Form>
        </div>
      ) : null}
      <dl className="facts">
        <dt>Role</dt>
        <dd>{roleLabel(link.role === "USER" ? "USER" : "VIEWER")}</dd>
        <dt>Sites</dt>
        <dd>{link.clientPicksSite ? "The client picks" : sites.map((s) => `${s.name} (${s.hotjarSiteId})`).join(", ")}</dd>
        <dt>Grantee</dt>
        <dd>{link.granteeEmail}</dd>
        <dt>Sent to</dt>
        <dd>{link.recipientEmail}</dd>
        <dt>Reason</dt>
        <dd>{link.reason}</dd>
        {open || effectiveStatus === "EXPIRED" ? (
          <>
            <dt>{open ? "Expires" : "Expired"}</dt>
            <dd>
              {formatDateTime(link.expiresAt)} ({relative(link.expiresAt, now)})
            </dd>
          </>
        ) : null}
        {link.accessEndsAt ? (
          <>
            <dt>Access ends</dt>
            <dd>{formatDate(link.accessEndsAt)}</dd>
          </>
        ) : null}
        <dt>Opened</dt>
        <dd>
          {link.openCount === 0
            ? "Not yet"
            : `${link.openCount} time(s), first ${formatDateTime(link.firstOpenedAt)}, last ${formatDateTime(link.lastOpenedAt)}`}
        </dd>
        {link.declineReason ? (
          <>
            <dt>Decline reason</dt>
            <dd>{link.declineReason}</dd>
          </>
        ) : null}
        <dt>Created by</dt>
        <dd>
          {link.createdBy.name}, {formatDateTime(link.createdAt)}
        </dd>
      </dl>
      <h2>Grants</h2>
      <GrantsTable slug={slug} grants={grants} />
      {canRevoke || canReissue ? <h2>Manage</h2> : null}
      <div className="manage">
        {canReissue ? (
          <Form method="post" className="inline-fields">
            <input type="hidden" name="intent" value="reissue" />
            <label htmlFor="lifetimeDays">Reissue for</label>
            <input id="lifetimeDays" name="lifetimeDays" inputMode="numeric" defaultValue="7" size={3} /> days
            <button type="submit" className="secondary">
              Reissue link
            </button>
            <FieldError errors={actionData?.fieldErrors} name="lifetimeDays" />
          </Form>
        ) : null}
        {canRevoke ? (
          <ConfirmForm
            fields={{ intent: "revoke" }}
            trigger="Revoke link"
            title="Revoke this link?"
            description={
              <p className="m-0">
                The link stops working at once: if {link.client.name} opens it, the page says it was withdrawn. Access already granted in
                Hotjar stays until you revoke those grants. This cannot be undone; you can create a new link.
              </p>
            }
            confirmLabel="Revoke link"
            pendingLabel="Revoking…"
            size="md"
          />
        ) : null}
      </div>
      <h2>Emails</h2>
      <EmailTable emails={emails} />
      <h2>Timeline</h2>
      <ul className="plain events" data-testid="timeline">
        {events.map((e) => (
          <li key={e.id}>
            <code>{e.type}</code>{" "}
            <span className="muted">
              by {e.actorLabel ?? e.actorType}, {formatDateTime(e.createdAt)}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
