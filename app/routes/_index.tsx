import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link } from "@remix-run/react";

import { firstAgencySlug } from "~/modules/agencies/agencies.server";
import { getUser } from "~/modules/auth/auth.server";

export const meta: MetaFunction = () => [{ title: "Onboarding links for agencies" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) {
    const slug = await firstAgencySlug(user.id);
    if (slug) throw redirect(`/a/${slug}`);
  }
  return json({ signedIn: Boolean(user) });
}

export default function Index() {
  return (
    <main className="narrow">
      <h1>Hotjar access from your clients, in one click</h1>
      <p>
        Create a signed onboarding link, send it to your client, and they grant your agency Viewer or User access to their Hotjar site by
        following pre-filled steps. You see every link's status, expiry and the resulting grants.
      </p>
      <p className="actions">
        <Link className="button" to="/signup">
          Create your agency
        </Link>
        <Link className="button secondary" to="/login">
          Log in
        </Link>
      </p>
    </main>
  );
}
