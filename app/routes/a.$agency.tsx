import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";

import { VerifyEmailBanner } from "~/components/account/verify-email-banner";
import { ErrorPage } from "~/components/error-page";
import { ProgressBar } from "~/components/ui/progress-bar";
import { StaffShell } from "~/components/ui/staff-shell";
import { Toaster } from "~/components/ui/toaster";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { staffMenuFor } from "~/modules/agencies/staff-menu.server";
import { pendingVerification } from "~/modules/auth/email-verification.server";
import { takeFlash } from "~/modules/http/flash.server";
import { handled } from "~/modules/http/route.server";
import { listUserAgencies } from "~/modules/team/team.server";

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency, user, role } = await requireAgencyMember(request, params.agency, "dashboard:read");
    const { flash, headers } = await takeFlash(request);
    return json(
      {
        agency: { name: agency.name, slug: agency.slug },
        user: { name: user.name, email: user.email },
        role,
        ...staffMenuFor(role),
        agencies: await listUserAgencies(user.id),
        unverified: await pendingVerification(user.id),
        flash,
      },
      { headers },
    );
  });
}

export default function AgencyLayout() {
  return (
    <Frame data={useLoaderData<typeof loader>()}>
      <Outlet />
    </Frame>
  );
}

function Frame({ data, children }: { data: ReturnType<typeof useLoaderData<typeof loader>>; children: ReactNode }) {
  const { agency, user, mailbox, settings, team, audit, agencies, unverified, flash } = data;
  return (
    <Toaster flash={flash}>
      <ProgressBar />
      <StaffShell agency={agency} user={user} show={{ mailbox, settings, team, audit }} agencies={agencies}>
        {unverified ? <VerifyEmailBanner email={unverified.email} /> : null}
        {children}
      </StaffShell>
    </Toaster>
  );
}

// A page's own error (a 403, a 404) keeps the staff frame, whose data loaded; the layout's own
// (an unknown agency, no session) has no frame to keep and gets the plain error page.
export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("routes/a.$agency");
  if (!data) return <ErrorPage />;
  return (
    <Frame data={data}>
      <ErrorPage wayBack={{ href: `/a/${data.agency.slug}`, label: "Go to the dashboard" }} />
    </Frame>
  );
}
