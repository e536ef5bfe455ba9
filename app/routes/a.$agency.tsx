import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";

import { ErrorPage } from "~/components/error-page";
import { ProgressBar } from "~/components/ui/progress-bar";
import { StaffShell } from "~/components/ui/staff-shell";
import { Toaster } from "~/components/ui/toaster";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { can } from "~/modules/agencies/permissions";
import { getEnv } from "~/modules/env/env.server";
import { takeFlash } from "~/modules/http/flash.server";
import { handled } from "~/modules/http/route.server";
import { listUserAgencies } from "~/modules/team/team.server";

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency, user, role } = await requireAgencyMember(request, params.agency, "dashboard:read");
    const { flash, headers } = await takeFlash(request);
    // The mailbox exists only in the embedded default, when no email provider is configured.
    return json(
      {
        agency: { name: agency.name, slug: agency.slug },
        user: { name: user.name, email: user.email },
        role,
        mailbox: !getEnv().RESEND_API_KEY,
        settings: can(role, "settings:write"),
        team: can(role, "team:manage"),
        audit: can(role, "audit:read"),
        agencies: await listUserAgencies(user.id),
        flash,
      },
      { headers },
    );
  });
}

export default function AgencyLayout() {
  const { agency, user, mailbox, settings, team, audit, agencies, flash } = useLoaderData<typeof loader>();
  return (
    <Toaster flash={flash}>
      <ProgressBar />
      <StaffShell agency={agency} user={user} show={{ mailbox, settings, team, audit }} agencies={agencies}>
        <Outlet />
      </StaffShell>
    </Toaster>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
