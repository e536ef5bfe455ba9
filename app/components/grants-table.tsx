import type { SerializeFrom } from "@remix-run/node";
import { Form, useLocation } from "@remix-run/react";

import { accessLevelWords } from "~/modules/audit/event-words";
import type { grantRowsForDisplay } from "~/modules/grants/grant-display.server";

import { formatDateTime } from "./dates";
import { StatusPill } from "./status-tone";
import { SubmitButton } from "./ui/button";
import { ConfirmForm } from "./ui/confirm-form";
import { Table, Td, Th, Tr } from "./ui/table";

// On a phone a card's column is narrow: a long email may break anywhere rather than widen the page.
const PHONE_WRAP = "max-md:[&_td>div]:[overflow-wrap:anywhere]";

/** A grant as the staff tables show it: `grantRowsForDisplay`'s row, as the loader sends it. */
export type GrantRow = SerializeFrom<ReturnType<typeof grantRowsForDisplay>[number]>;

/** What revoking a grant does, in the words of its confirmation (here and on the grant's page). */
export function RevokeGrantForm({ slug, grant, redirectTo }: { slug: string; grant: GrantRow; redirectTo?: string }) {
  return (
    <ConfirmForm
      action={`/a/${slug}/grants/${grant.id}`}
      fields={{ intent: "revoke", ...(redirectTo ? { redirectTo } : {}) }}
      trigger="Revoke grant"
      title="Revoke this access?"
      description={
        <>
          <p className="m-0">
            Access to {grant.siteName ?? "the site"} ({grant.hotjarSiteId}) is marked as ended here, and{" "}
            <strong>
              {grant.grantedByName} ({grant.grantedByEmail})
            </strong>{" "}
            is emailed at once with Hotjar&apos;s steps to remove {grant.granteeEmail} from the site.
          </p>
          <p className="m-0 mt-2">This cannot be undone: to see the site again, send a new link.</p>
        </>
      }
      confirmLabel="Revoke and email"
      pendingLabel="Revoking…"
    />
  );
}

/** Grants with their verify / revoke actions (posted to the grant's route, which sends you back here). */
export function GrantsTable({ slug, grants }: { slug: string; grants: GrantRow[] }) {
  const location = useLocation();
  const here = location.pathname + location.search;
  if (grants.length === 0) return <p className="m-0 text-muted">No grants yet: they appear when the client confirms the invitation.</p>;
  return (
    <Table data-testid="grants" className={PHONE_WRAP}>
      <thead>
        <tr>
          <Th>Site</Th>
          <Th>Role</Th>
          <Th>Grantee</Th>
          <Th>Granted by</Th>
          <Th>Status</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {grants.map((g) => (
          <Tr key={g.id} data-site={g.hotjarSiteId}>
            <Td label="Site">
              {g.siteName ?? "Site"} <code>{g.hotjarSiteId}</code>
            </Td>
            <Td label="Role">{accessLevelWords(g.role)}</Td>
            <Td label="Grantee">{g.granteeEmail}</Td>
            <Td label="Granted by">
              {g.grantedByName} <span className="text-muted">{g.grantedByEmail}</span>
              <div className="text-sm text-muted">{formatDateTime(g.invitedAt)}</div>
            </Td>
            <Td label="Status">
              <StatusPill status={g.effectiveStatus} />
              {g.effectiveStatus === "INVITE_EXPIRED" ? (
                <p className="m-0 mt-1 text-sm text-muted">Hotjar invitations expire after 7 days. Ask the client to resend it.</p>
              ) : null}
              {g.effectiveStatus === "REVOKED" && g.removalSteps ? (
                <details className="mt-1 text-sm">
                  <summary>Steps for the client to remove access in Hotjar</summary>
                  <ol className="my-1 pl-5">
                    {g.removalSteps.map((s, i) => (
                      <li key={i}>{s}</li>
                    ))}
                  </ol>
                </details>
              ) : null}
            </Td>
            <Td label="Actions" className="md:whitespace-nowrap">
              <div className="flex flex-wrap gap-2 xl:flex-nowrap">
                {g.effectiveStatus === "INVITED" || g.effectiveStatus === "INVITE_EXPIRED" ? (
                  <Form method="post" action={`/a/${slug}/grants/${g.id}`} className="m-0">
                    <input type="hidden" name="redirectTo" value={here} />
                    <SubmitButton intent="verify" formAction={`/a/${slug}/grants/${g.id}`} size="sm" pendingLabel="Verifying…">
                      Mark verified
                    </SubmitButton>
                  </Form>
                ) : null}
                {g.effectiveStatus !== "REVOKED" ? <RevokeGrantForm slug={slug} grant={g} redirectTo={here} /> : null}
              </div>
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
