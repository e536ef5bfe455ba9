import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError } from "~/components/form";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { getSettings, NotificationSettingsSchema, updateNotificationSettings } from "~/modules/agencies/settings.server";
import { parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";

export const loader = handled(async ({ request, params }: LoaderFunctionArgs) => {
  const { agency } = await requireAgencyMember(request, params.agency, "settings:write");
  return json({ settings: await getSettings(agency.id) });
});

export const action = handled(async ({ request, params }: ActionFunctionArgs) => {
  const { agency, user } = await requireAgencyMember(request, params.agency, "settings:write");
  const parsed = parseForm(NotificationSettingsSchema, await request.formData());
  if (!parsed.ok) return parsed.response;
  await updateNotificationSettings(agency.id, { type: "staff", id: user.id, label: user.email }, parsed.data);
  return json({ ok: true as const });
});

type Failure = { ok: false; fieldErrors: Record<string, string[]>; formError?: string; values: Record<string, string> };

export default function Settings() {
  const { settings } = useLoaderData<typeof loader>();
  const data = useActionData<Failure | { ok: true }>();
  const failure = data && !data.ok ? data : undefined;
  return (
    <>
      <h1>Settings</h1>
      {data?.ok ? <p className="notice" role="status">Saved.</p> : null}
      <Form method="post" noValidate>
        <FormError message={failure?.formError} />
        <Field
          label="Notification address (optional)"
          name="notificationEmail"
          type="email"
          defaultValue={failure?.values.notificationEmail ?? settings.notificationEmail ?? ""}
          errors={failure?.fieldErrors}
          hint="Besides the link's creator, this address hears when a client opens, completes or declines a link, or asks for a new one."
        />
        <button type="submit">Save settings</button>
      </Form>
    </>
  );
}
