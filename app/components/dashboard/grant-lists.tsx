import { Form, Link, useLocation } from "@remix-run/react";
import { AlertTriangle, CheckCircle2 } from "lucide-react";
import type { ReactNode } from "react";

import { StatusPill } from "~/components/status-tone";
import { SubmitButton } from "~/components/ui/button";
import { Card } from "~/components/ui/layout";
import { When } from "~/components/ui/when";
import { plural } from "~/modules/audit/event-words";
import { HOTJAR_INVITATION_LIFETIME_DAYS } from "~/modules/platforms/hotjar";

/** A grant as the dashboard's lists show it (dates as the loader's JSON strings). */
export type WaitingGrant = {
  id: string;
  linkId: string;
  hotjarSiteId: string;
  siteName: string | null;
  clientName: string;
  grantedByName: string;
  invitedAt: string;
  inviteExpiresAt: string;
  effectiveStatus: string;
};

/** "Needs verification": the grants the client says were sent, waiting for the agency, oldest first. */
export function VerificationQueue({ base, now, total, grants }: { base: string; now: string; total: number; grants: WaitingGrant[] }) {
  return (
    <Card title={`Needs verification${total > 0 ? ` (${total})` : ""}`}>
      {grants.length === 0 ? (
        <p className="m-0 text-muted">Nothing to verify: every access a client confirmed has been checked.</p>
      ) : (
        <>
          <p className="m-0 mb-3 text-sm text-muted">
            The client says they sent the Hotjar invitation. Accept it in Hotjar, check you can see the site, then mark it verified.
          </p>
          <ul className="m-0 list-none space-y-2 p-0" data-testid="needs-verification">
            {grants.map((g) => (
              <GrantItem key={g.id} base={base} grant={g}>
                {g.grantedByName} sent it <When date={g.invitedAt} now={now} />
                {g.effectiveStatus === "INVITE_EXPIRED" ? (
                  <span className="mt-1 block">
                    <StatusPill status={g.effectiveStatus} /> Hotjar drops invitations after {HOTJAR_INVITATION_LIFETIME_DAYS} days: ask the
                    client to send it again.
                  </span>
                ) : null}
              </GrantItem>
            ))}
          </ul>
          {total > grants.length ? (
            <p className="m-0 mt-3 text-sm text-muted">
              And {plural(total - grants.length, "more site")} waiting, newer than these: they show here as you verify these.
            </p>
          ) : null}
        </>
      )}
    </Card>
  );
}

/** Invitations Hotjar drops soon: accept them before they lapse, or the client must send them again. */
export function LapsingInvitations({ base, now, grants }: { base: string; now: string; grants: WaitingGrant[] }) {
  if (grants.length === 0) return null;
  return (
    <Card
      title={
        <span className="inline-flex items-center gap-2">
          <AlertTriangle aria-hidden className="h-4 w-4 text-warn" />
          Invitations about to lapse
        </span>
      }
    >
      <p className="m-0 mb-3 text-sm">
        Hotjar drops an invitation nobody accepts after {HOTJAR_INVITATION_LIFETIME_DAYS} days. Accept these first.
      </p>
      <ul className="m-0 list-none space-y-2 p-0" data-testid="lapsing-invitations">
        {grants.map((g) => (
          <GrantItem key={g.id} base={base} grant={g}>
            Lapses <When date={g.inviteExpiresAt} now={now} className="font-semibold text-warn" />
          </GrantItem>
        ))}
      </ul>
    </Card>
  );
}

/** One grant with its one-click "Mark verified", posted to the grant's route, which comes back here. */
function GrantItem({ base, grant, children }: { base: string; grant: WaitingGrant; children: ReactNode }) {
  const location = useLocation();
  const action = `${base}/grants/${grant.id}`;
  const site = grant.siteName ? `${grant.siteName} (site ${grant.hotjarSiteId})` : `Site ${grant.hotjarSiteId}`;
  return (
    <li
      className="flex flex-wrap items-center justify-between gap-x-3 gap-y-2 rounded-md border border-solid border-line bg-card p-3"
      data-grant={grant.id}
    >
      <div className="min-w-0 flex-1 basis-52">
        <p className="m-0 break-words font-medium">{site}</p>
        <p className="m-0 break-words text-sm text-muted">
          <Link to={`${base}/links/${grant.linkId}`}>{grant.clientName}</Link> · {children}
        </p>
      </div>
      <Form method="post" action={action} preventScrollReset className="m-0">
        <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
        <SubmitButton
          intent="verify"
          formAction={action}
          variant="secondary"
          size="sm"
          pendingLabel="Marking…"
          aria-label={`Mark verified: ${site}, ${grant.clientName}`}
        >
          <CheckCircle2 aria-hidden className="h-4 w-4" />
          Mark verified
        </SubmitButton>
      </Form>
    </li>
  );
}
