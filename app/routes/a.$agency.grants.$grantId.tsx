import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { formatDateTime } from "~/components/dates";
import { type GrantRow, RevokeGrantForm } from "~/components/grants-table";
import { StatusPill } from "~/components/status-tone";
import { SubmitButton } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/layout";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { grantRowsForDisplay } from "~/modules/grants/grant-display.server";
import { getGrant, grantName } from "~/modules/grants/grant-page.server";
import { changeGrant } from "~/modules/grants/grants.server";
import { askToConfirm, type ConfirmationRequest } from "~/modules/http/confirm.server";
import { AppError } from "~/modules/http/errors";
import { redirectWithFlash } from "~/modules/http/flash.server";
import { handled } from "~/modules/http/route.server";
import { safeRedirect } from "~/modules/http/safe-redirect.server";
import { roleLabel } from "~/modules/platforms/hotjar";

// One grant. Its actions are posted here from wherever a grant is shown (a link's page, a
// client's, the dashboard's queue) with `redirectTo`, and go back there with a message.
// Verifying is one click; revoking emails the client at once, so it asks first; without
// JavaScript the question is drawn on this page.

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `Access: ${data.name}` : "Access", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "links:read");
    const grant = await getGrant(agency.id, params.grantId ?? "");
    const [row] = grantRowsForDisplay([grant], grant.client.hotjarOrganizationId);
    return json({ slug: agency.slug, name: grantName(grant), linkId: grant.linkId, client: grant.client, grant: row! });
  });
}

const GrantActionSchema = z.object({ intent: z.enum(["verify", "revoke"]), redirectTo: z.string().max(2000).optional() });

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "grants:write");
    const formData = await request.formData();
    const parsed = GrantActionSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) throw new AppError(400, "Unknown grant action.");
    // Another agency's grant is "not found" before anything is asked.
    const grant = await getGrant(agency.id, params.grantId ?? "");
    const { intent, redirectTo } = parsed.data;
    if (intent === "revoke") {
      const ask = askToConfirm(formData);
      if (ask) return ask;
    }
    await changeGrant(agency.id, grant.id, intent, { type: "staff", id: user.id, label: user.email });
    const back = safeRedirect(redirectTo, `/a/${agency.slug}/links/${grant.linkId}`);
    const message =
      intent === "verify"
        ? `Marked verified: ${grantName(grant)}`
        : `Access revoked: ${grantName(grant)}. ${grant.grantedByName} is emailed the steps to remove it in Hotjar.`;
    return redirectWithFlash(back, { kind: "success", message });
  });
}

function Facts({ grant }: { grant: GrantRow }) {
  const rows: [string, string][] = [
    ["Site", `${grant.siteName ?? "Site"} (${grant.hotjarSiteId})`],
    ["Role", roleLabel(grant.role === "USER" ? "USER" : "VIEWER")],
    ["Grantee", grant.granteeEmail],
    ["Granted by", `${grant.grantedByName} (${grant.grantedByEmail}), ${formatDateTime(grant.invitedAt)}`],
    ...(grant.verifiedAt ? ([["Verified", formatDateTime(grant.verifiedAt)]] as [string, string][]) : []),
    ...(grant.revokedAt ? ([["Revoked", formatDateTime(grant.revokedAt)]] as [string, string][]) : []),
  ];
  return (
    <dl className="m-0 grid grid-cols-[minmax(0,1fr)] gap-x-6 gap-y-1 [overflow-wrap:anywhere] sm:grid-cols-[max-content_minmax(0,1fr)]">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-sm text-muted">{term}</dt>
          <dd className="m-0 mb-2 break-words sm:mb-0">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function GrantPage() {
  const { slug, linkId, client, grant } = useLoaderData<typeof loader>();
  // Without JavaScript, a revoke posted from another page comes back here to be confirmed,
  // with the page it came from: the question keeps it, so the answer goes back there.
  const asked = (useActionData() as ConfirmationRequest | undefined)?.confirmation;
  const here = `/a/${slug}/grants/${grant.id}`;
  const open = grant.effectiveStatus === "INVITED" || grant.effectiveStatus === "INVITE_EXPIRED";
  return (
    <>
      <p className="m-0 mb-3">
        <Link to={`/a/${slug}/links/${linkId}`}>← The link this access came from</Link>
      </p>
      <PageHeader
        title={
          <>
            Access to {grant.siteName ?? `site ${grant.hotjarSiteId}`} <StatusPill status={grant.effectiveStatus} />
          </>
        }
        description={
          <>
            <Link to={`/a/${slug}/clients/${client.id}`}>{client.name}</Link>, Hotjar site {grant.hotjarSiteId}
          </>
        }
      />
      <Card title="Details" className="mb-4">
        <Facts grant={grant} />
      </Card>
      {grant.effectiveStatus !== "REVOKED" ? (
        <div className="flex flex-wrap gap-2">
          {open ? (
            <Form method="post" className="m-0">
              <input type="hidden" name="redirectTo" value={here} />
              <SubmitButton intent="verify" pendingLabel="Verifying…">
                Mark verified
              </SubmitButton>
            </Form>
          ) : null}
          <RevokeGrantForm slug={slug} grant={grant} redirectTo={asked?.intent === "revoke" ? asked.redirectTo : here} />
        </div>
      ) : (
        <p className="m-0 text-muted">This access has ended: to see the site again, send a new link.</p>
      )}
    </>
  );
}
