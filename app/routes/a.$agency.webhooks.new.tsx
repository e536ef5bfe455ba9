import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";

import { Card, PageHeader } from "~/components/ui/layout";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { WebhookEndpointForm } from "~/components/webhook-endpoint-form";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { redirectWithFlash } from "~/modules/http/flash.server";
import type { FormFailure } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { createEndpoint } from "~/modules/webhooks/endpoints.server";
import { endpointFailure, parseEndpointForm } from "~/modules/webhooks/form.server";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("New webhook endpoint", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    await requireAgencyMember(request, params.agency, "webhooks:manage");
    return json({});
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "webhooks:manage");
    const formData = await request.formData();
    const parsed = parseEndpointForm(formData);
    if (!parsed.ok) return parsed.response;
    const result = await createEndpoint(agency.id, { type: "staff", id: user.id, label: user.email }, parsed.data);
    if (!result.ok) return endpointFailure(result.fieldErrors, formData);
    return redirectWithFlash(`/a/${agency.slug}/webhooks/${result.endpointId}`, {
      kind: "success",
      message: "Endpoint added: copy its signing secret into your receiver, then send a test event.",
    });
  });
}

export default function NewWebhookPage() {
  const failure = useActionData<FormFailure>();
  return (
    <>
      <PageHeader
        title="New webhook endpoint"
        description={
          <>
            <Link to=".." relative="path">
              Webhooks
            </Link>{" "}
            · the portal POSTs a signed JSON message to this address each time one of the chosen events happens.
          </>
        }
      />
      <Card>
        <WebhookEndpointForm
          values={{ url: "", description: "", eventTypes: ["link.opened", "link.completed", "link.declined"] }}
          failure={failure}
          intent="create"
          submitLabel="Add endpoint"
          pendingLabel="Adding…"
        />
      </Card>
    </>
  );
}
