import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";

import { SubmitButton } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/layout";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { handled } from "~/modules/http/route.server";
import { leaveAgency } from "~/modules/team/team.server";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("Leave the agency", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "dashboard:read");
    return json({ name: agency.name });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const ctx = await requireAgencyMember(request, params.agency, "dashboard:read");
    await leaveAgency(ctx);
    return redirect("/");
  });
}

export default function Leave() {
  const { name } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={`Leave ${name}`} />
      <Card>
        <p className="m-0">You will no longer see this agency&apos;s clients and links. An Owner or Admin can invite you again.</p>
        <Form method="post" className="mt-4">
          <SubmitButton variant="destructive" pendingLabel="Leaving…">
            Leave {name}
          </SubmitButton>
        </Form>
      </Card>
    </>
  );
}
