import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";

import { ErrorPage } from "~/components/error-page";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { can } from "~/modules/agencies/permissions";
import { getEnv } from "~/modules/env/env.server";
import { handled } from "~/modules/http/route.server";
import { listUserAgencies } from "~/modules/team/team.server";

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency, user, role } = await requireAgencyMember(request, params.agency, "dashboard:read");
    // The mailbox exists only in the embedded default, when no email provider is configured.
    return json({
      agency: { name: agency.name, slug: agency.slug },
      user: { name: user.name, email: user.email },
      role,
      mailbox: !getEnv().RESEND_API_KEY,
      settings: can(role, "settings:write"),
      team: can(role, "team:manage"),
      audit: can(role, "audit:read"),
      agencies: await listUserAgencies(user.id),
    });
  });
}

export default function AgencyLayout() {
  const { agency, user, mailbox, settings, team, audit, agencies } = useLoaderData<typeof loader>();
  const base = `/a/${agency.slug}`;
  return (
    <>
      <header className="topbar">
        <strong className="brand">{agency.name}</strong>
        <nav aria-label="Main">
          <NavLink to={base} end>
            Dashboard
          </NavLink>
          <NavLink to={`${base}/links`}>Links</NavLink>
          <NavLink to={`${base}/clients`}>Clients</NavLink>
          {mailbox ? <NavLink to={`${base}/mailbox`}>Mailbox</NavLink> : null}
          <NavLink to={`${base}/reviews`}>Reviews</NavLink>
          {team ? <NavLink to={`${base}/team`}>Team</NavLink> : null}
          {audit ? <NavLink to={`${base}/audit`}>Audit log</NavLink> : null}
          {settings ? <NavLink to={`${base}/settings`}>Settings</NavLink> : null}
        </nav>
        {agencies.length > 1 ? (
          <details className="switcher">
            <summary>Switch agency</summary>
            <ul className="plain">
              {agencies.map((a) => (
                <li key={a.slug}>
                  <a href={`/a/${a.slug}`}>{a.name}</a> <span className="muted">{a.role.toLowerCase()}</span>
                </li>
              ))}
            </ul>
            <a href={`${base}/leave`}>Leave {agency.name}</a>
          </details>
        ) : null}
        <Form method="post" action="/logout" className="inline">
          <NavLink to="/account" title="Your sessions and password">
            {user.name}
          </NavLink>{" "}
          <button type="submit" className="secondary small">
            Log out
          </button>
        </Form>
      </header>
      <main className="wide">
        <Outlet />
      </main>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
