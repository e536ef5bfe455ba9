import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { IntakeDefaultsForm } from "~/components/intake-form";
import { Card, PageHeader } from "~/components/ui/layout";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { redirectWithFlash } from "~/modules/http/flash.server";
import { type FormFailure, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { createIntakeLink, intakeIpLimit } from "~/modules/intake/intake.server";
import { DEFAULT_INTAKE_DAILY_LIMIT, IntakeLinkSchema } from "~/modules/intake/schemas";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("New intake link", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "intake:manage");
    return json({
      ipLimit: intakeIpLimit(),
      // The agency's own defaults (Settings) to start from.
      defaults: {
        name: "",
        role: agency.defaultRole,
        locale: agency.locale,
        lifetimeDays: agency.defaultLifetimeDays,
        reason: "",
        dailyLimit: DEFAULT_INTAKE_DAILY_LIMIT,
      },
    });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "intake:manage");
    const parsed = parseForm(IntakeLinkSchema, await request.formData());
    if (!parsed.ok) return parsed.response;
    const intake = await createIntakeLink(agency.id, { type: "staff", id: user.id, label: user.email }, parsed.data);
    return redirectWithFlash(`/a/${agency.slug}/intake-links/${intake.id}`, {
      kind: "success",
      message: `Intake link “${intake.name}” created: copy its address and share it.`,
    });
  });
}

export default function NewIntakeLinkPage() {
  const { defaults, ipLimit } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  return (
    <>
      <PageHeader
        title="New intake link"
        description="One address you can share anywhere (your website, a proposal, an email signature): each visitor enters their company and Hotjar site, and goes straight to the steps that give you access."
      />
      <Card>
        <IntakeDefaultsForm
          defaults={defaults}
          failure={failure}
          intent="create"
          submitLabel="Create intake link"
          pendingLabel="Creating…"
          ipLimit={ipLimit}
        />
      </Card>
    </>
  );
}
