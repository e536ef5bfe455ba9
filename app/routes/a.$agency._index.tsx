import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Link2, Plus } from "lucide-react";

import { FunnelCard } from "~/components/dashboard/funnel-card";
import { LapsingInvitations, VerificationQueue } from "~/components/dashboard/grant-lists";
import { IntakeArrivals } from "~/components/dashboard/intake-arrivals";
import { LatestEvents } from "~/components/dashboard/latest-events";
import { ExpiringLinks, NewLinkRequests, StepsReports } from "~/components/dashboard/link-lists";
import { StatusCounts } from "~/components/dashboard/status-counts";
import { buttonClasses } from "~/components/ui/button";
import { Card, EmptyState, PageHeader } from "~/components/ui/layout";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { can } from "~/modules/agencies/permissions";
import { getDashboard } from "~/modules/dashboard/dashboard.server";
import { parseFunnelPeriod } from "~/modules/dashboard/funnel";
import { emailDeliveryCounts } from "~/modules/email/staff.server";
import { handled } from "~/modules/http/route.server";
import { RECENT_ARRIVAL_DAYS, recentIntakeArrivals } from "~/modules/intake/intake.server";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("Dashboard", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency, role } = await requireAgencyMember(request, params.agency, "dashboard:read");
    const days = parseFunnelPeriod(new URL(request.url).searchParams);
    const now = new Date();
    return json({
      slug: agency.slug,
      now: now.toISOString(),
      auditLog: can(role, "audit:read"),
      email: await emailDeliveryCounts(agency.id),
      intakeArrivals: await recentIntakeArrivals(agency.id, now),
      intakeDays: RECENT_ARRIVAL_DAYS,
      ...(await getDashboard(agency.id, now, days)),
    });
  });
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const { slug, now, totalLinks } = data;
  const base = `/a/${slug}`;
  const newLink = (
    <Link to={`${base}/links/new`} className={buttonClasses("primary")}>
      <Plus aria-hidden className="h-4 w-4" />
      New link
    </Link>
  );
  if (totalLinks === 0) {
    return (
      <>
        <PageHeader title="Dashboard" />
        <div className="space-y-4">
          <EmptyState
            icon={Link2}
            title="No links yet"
            action={
              <div className="flex flex-wrap justify-center gap-2">
                <Link to={`${base}/links/new`} className={buttonClasses("primary")}>
                  Create your first link
                </Link>
                {data.hasClients ? null : (
                  <Link to={`${base}/clients/new`} className={buttonClasses("secondary")}>
                    Add a client
                  </Link>
                )}
              </div>
            }
          >
            {data.hasClients
              ? "Send a client a link: they follow Hotjar's steps to invite you, and this page shows what needs you next."
              : "Add a client and their Hotjar sites, then send them a link: they follow Hotjar's steps to invite you, and this page shows what needs you next."}
          </EmptyState>
          <LatestEvents base={base} now={now} events={data.events} auditLog={data.auditLog} />
        </div>
      </>
    );
  }
  const nothingUrgent =
    data.needsVerification.total === 0 &&
    data.lapsingInvitations.length === 0 &&
    data.newLinkRequests.length === 0 &&
    data.stepsReports.length === 0 &&
    data.expiringSoon.length === 0;
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={nothingUrgent ? "Nothing needs you right now." : "What needs you now, then how your links are doing."}
        actions={newLink}
      />
      {/* A phone reads what needs doing, then the figures, then the events; from 1024 px the
          figures take the right column beside both. */}
      <div className="grid items-start gap-4 lg:grid-cols-2 lg:grid-rows-[auto_1fr]">
        <div className="min-w-0 space-y-4 lg:col-start-1">
          <VerificationQueue base={base} now={now} total={data.needsVerification.total} grants={data.needsVerification.grants} />
          <LapsingInvitations base={base} now={now} grants={data.lapsingInvitations} />
          <NewLinkRequests base={base} now={now} links={data.newLinkRequests} />
          <IntakeArrivals base={base} now={now} days={data.intakeDays} arrivals={data.intakeArrivals} />
          <StepsReports base={base} now={now} reports={data.stepsReports} />
          <ExpiringLinks base={base} now={now} links={data.expiringSoon} />
        </div>
        <div className="min-w-0 space-y-4 lg:col-start-2 lg:row-span-2 lg:row-start-1">
          <FunnelCard funnel={data.funnel} />
          <StatusCounts base={base} counts={data.counts} />
          <Card title="Email delivery">
            <p className="m-0" data-testid="email-delivery">
              <span data-count="queued">{data.email.QUEUED + data.email.SENDING} queued</span> ·{" "}
              <span data-count="sent">{data.email.SENT} sent</span> ·{" "}
              <span data-count="failed" className={data.email.FAILED ? "font-semibold text-danger" : undefined}>
                {data.email.FAILED} failed
              </span>
            </p>
          </Card>
        </div>
        <div className="min-w-0 lg:col-start-1">
          <LatestEvents base={base} now={now} events={data.events} auditLog={data.auditLog} />
        </div>
      </div>
    </>
  );
}
