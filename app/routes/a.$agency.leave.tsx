import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";

import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { handled } from "~/modules/http/route.server";
import { leaveAgency } from "~/modules/team/team.server";

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
      <h1>Leave {name}</h1>
      <p>You will no longer see this agency's clients and links. An Owner or Admin can invite you again.</p>
      <Form method="post">
        <button type="submit" className="danger">
          Leave {name}
        </button>
      </Form>
    </>
  );
}
