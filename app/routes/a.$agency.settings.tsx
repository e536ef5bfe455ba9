import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ImageOff } from "lucide-react";

import { Field, FieldError, FormError } from "~/components/form";
import { LocaleSelect } from "~/components/locale-select";
import { RoleChoices } from "~/components/role-choices";
import { buttonClasses, SubmitButton } from "~/components/ui/button";
import { CHOICE_INPUT } from "~/components/ui/choice";
import { Card, PageHeader } from "~/components/ui/layout";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { accentColors } from "~/modules/agencies/branding";
import { LOGO_FIELD } from "~/modules/agencies/branding";
import { isMultipart, readLogoUpload, removeLogo, saveLogo } from "~/modules/agencies/branding.server";
import { emailLogoProblem } from "~/modules/agencies/email-logo";
import { can } from "~/modules/agencies/permissions";
import {
  AgencySettingsSchema,
  getSettings,
  RequireTwoFactorSchema,
  setRequireTwoFactor,
  updateSettings,
} from "~/modules/agencies/settings.server";
import { staffMenuFor } from "~/modules/agencies/staff-menu.server";
import { getEnv } from "~/modules/env/env.server";
import { forbidden } from "~/modules/http/errors";
import { redirectWithFlash } from "~/modules/http/flash.server";
import { type FormFailure, formFailure, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("Settings", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency, role } = await requireAgencyMember(request, params.agency, "settings:write");
    return json({
      canRequireTwoFactor: can(role, "settings:security"),
      canManageApiKeys: can(role, "api:manage"),
      settings: await getSettings(agency.id),
      emailLogoProblem: emailLogoProblem(getEnv().PUBLIC_URL),
      // Without an email provider, emails land in the Mailbox, read on the portal, which shows the logo (decision 041).
      mailbox: staffMenuFor(role).mailbox,
    });
  });
}

// Each save ends on the settings page with a message (a toast, or a line without JavaScript).
export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user, role } = await requireAgencyMember(request, params.agency, "settings:write");
    const actor = { type: "staff" as const, id: user.id, label: user.email };
    const done = (message: string) => redirectWithFlash(`/a/${agency.slug}/settings`, { kind: "success", message });
    // The logo form is the only multipart one.
    if (isMultipart(request)) {
      const upload = await readLogoUpload(request);
      const result = upload.ok ? await saveLogo(agency.id, actor, upload.bytes) : upload;
      if (!result.ok) return formFailure({ [LOGO_FIELD]: [result.message] }, new FormData());
      return done("Logo uploaded.");
    }
    const formData = await request.formData();
    if (formData.get("intent") === "requireTwoFactor") {
      if (!can(role, "settings:security")) throw forbidden();
      const parsed = parseForm(RequireTwoFactorSchema, formData);
      if (!parsed.ok) return parsed.response;
      const result = await setRequireTwoFactor(agency.id, actor, parsed.data.requireTwoFactor);
      if (!result.ok) return formFailure({ requireTwoFactor: [result.message] }, new FormData());
      if (!result.changed) return done("No changes to save.");
      return done(
        parsed.data.requireTwoFactor ? "Every member now needs two-factor sign-in." : "Two-factor sign-in is no longer required.",
      );
    }
    if (formData.get("intent") === "removeLogo") {
      await removeLogo(agency.id, actor);
      return done("Logo removed.");
    }
    const parsed = parseForm(AgencySettingsSchema, formData);
    if (!parsed.ok) return parsed.response;
    const { changed } = await updateSettings(agency.id, actor, parsed.data);
    return done(changed.length > 0 ? "Settings saved." : "No changes to save.");
  });
}

/** Where the agency's own tools plug in (issue 18); Owners and Admins manage all three. */
const INTEGRATIONS = [
  {
    to: "../api-keys",
    text: "Keys for your own tools to read and change clients, links and grants through the API.",
    action: "Manage API keys",
  },
  { to: "../webhooks", text: "Tell your tools the moment a client opens, confirms or declines a link.", action: "Manage webhooks" },
  {
    to: "../intake-links",
    text: "One link you can share anywhere: each new client fills in their details and goes straight to the steps.",
    action: "Manage intake links",
  },
] as const;

export default function Settings() {
  const { settings, emailLogoProblem, mailbox, canRequireTwoFactor, canManageApiKeys } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  const errors = failure?.fieldErrors;
  const value = (name: keyof typeof settings) => failure?.values[name] ?? String(settings[name] ?? "");
  const navigation = useNavigation();
  const uploading = navigation.state !== "idle" && navigation.formEncType === "multipart/form-data";
  return (
    <>
      <PageHeader title="Settings" description="How your agency appears to clients, and the defaults of new links." />

      <div className="flex max-w-3xl flex-col gap-6">
        <Card title={<span id="settings-heading">Agency and defaults</span>}>
          {/* Keyed by the saved values: after a save the inputs show them as stored (e.g. the colour in lower case). */}
          <Form method="post" noValidate key={JSON.stringify(settings)} aria-labelledby="settings-heading">
            <FormError message={failure?.formError} />
            <Field
              label="Display name"
              name="name"
              defaultValue={value("name")}
              errors={errors}
              maxLength={100}
              hint="Shown to clients on their page and in every email."
            />
            <Field
              label="Accent colour (optional)"
              name="accentColor"
              defaultValue={value("accentColor")}
              errors={errors}
              placeholder="#1f6feb"
              spellCheck={false}
              autoComplete="off"
              hint="A # and six hex digits, used on your clients' page and in your emails; text on it is black or white, whichever reads better. Empty for the portal's blue."
            />
            <AccentPreview accent={settings.accentColor} name={settings.name} />
            <Field
              label="Default grantee email"
              name="granteeEmail"
              type="email"
              defaultValue={value("granteeEmail")}
              errors={errors}
              hint="The Hotjar account new links ask clients to invite."
            />
            <Field
              label="Default link lifetime (days)"
              name="defaultLifetimeDays"
              inputMode="numeric"
              defaultValue={value("defaultLifetimeDays")}
              errors={errors}
              hint="Between 1 and 30 days."
            />
            <fieldset>
              <legend>Default role asked for</legend>
              <RoleChoices name="defaultRole" checked={value("defaultRole")} />
              <FieldError errors={errors} name="defaultRole" />
            </fieldset>
            <LocaleSelect
              label="Clients' language"
              emptyLabel="Automatic (the client's browser)"
              defaultValue={value("locale")}
              errors={errors}
              hint="The language of your clients' page and of the emails they get, unless a client or a link says otherwise. Staff pages stay in English."
            />
            <Field
              label="Access review interval (days)"
              name="reviewIntervalDays"
              inputMode="numeric"
              defaultValue={value("reviewIntervalDays")}
              errors={errors}
              hint="Grants without an access end date come up for review this long after they start. Between 7 and 365 days."
            />
            <Field
              label="Notification address (optional)"
              name="notificationEmail"
              type="email"
              defaultValue={value("notificationEmail")}
              errors={errors}
              hint="Besides the link's creator, this address hears when a client opens, completes or declines a link, or asks for a new one."
            />
            <SubmitButton intent="save" pendingLabel="Saving…">
              Save settings
            </SubmitButton>
          </Form>
        </Card>

        {/* Integrations live under Settings (as in most tools): the staff menu stays one row at 1280 px. */}
        {canManageApiKeys ? (
          <Card title={<span id="integrations-heading">Integrations</span>}>
            <section aria-labelledby="integrations-heading">
              <ul className="m-0 list-none divide-y divide-line p-0">
                {INTEGRATIONS.map((item) => (
                  <li key={item.to} className="flex flex-wrap items-center justify-between gap-3 py-3 first:pt-0 last:pb-0">
                    <p className="m-0 max-w-prose text-muted">{item.text}</p>
                    <Link to={item.to} relative="path" className={buttonClasses("secondary")}>
                      {item.action}
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          </Card>
        ) : null}

        <Card title={<span id="security-heading">Sign-in security</span>}>
          <section aria-labelledby="security-heading">
            {canRequireTwoFactor ? (
              <Form method="post" noValidate key={String(settings.requireTwoFactor)}>
                <label className="choice flex min-h-touch items-center gap-2">
                  <input className={CHOICE_INPUT} type="checkbox" name="requireTwoFactor" defaultChecked={settings.requireTwoFactor} />{" "}
                  Require two-factor sign-in for every member
                </label>
                <FieldError errors={errors} name="requireTwoFactor" />
                <p className="hint">
                  Members without it are sent to set it up before they can open any page of this agency. Only Owners can change this.
                </p>
                <SubmitButton intent="requireTwoFactor" variant="secondary" pendingLabel="Saving…">
                  Save sign-in security
                </SubmitButton>
              </Form>
            ) : (
              <p className="m-0" data-testid="require-two-factor">
                {settings.requireTwoFactor
                  ? "Every member must use two-factor sign-in. Only Owners can change this."
                  : "Two-factor sign-in is not required of members. Only Owners can change this."}
              </p>
            )}
          </section>
        </Card>

        <Card title={<span id="logo-heading">Logo</span>}>
          <section aria-labelledby="logo-heading">
            {settings.logoUrl ? (
              <p className="m-0 mb-3">
                <img
                  src={settings.logoUrl}
                  alt={`${settings.name} logo`}
                  className="logo-preview"
                  style={{ maxHeight: 48, maxWidth: "100%" }}
                />
              </p>
            ) : (
              <p className="m-0 mb-3 text-muted">No logo yet: clients see your agency&apos;s name only.</p>
            )}
            {emailLogoProblem ? (
              <div role="note" data-testid="email-logo-note" className="mb-4 flex gap-2 rounded-md bg-warn-soft px-3 py-2 text-warn">
                <ImageOff aria-hidden className="mt-0.5 h-4 w-4 shrink-0" />
                <p className="m-0 text-[0.95rem]">
                  <strong>
                    {mailbox
                      ? "Emails sent through an email provider will not show a logo. "
                      : settings.logoUrl
                        ? "Your logo does not appear in emails. "
                        : "A logo will not appear in emails. "}
                  </strong>
                  {emailLogoProblem}
                  {mailbox ? " The Mailbox shows it meanwhile, since you read it on the portal itself." : null}
                </p>
              </div>
            ) : null}
            <Form method="post" encType="multipart/form-data" key={settings.logoUrl ?? "none"}>
              <Field
                label="Logo image"
                name={LOGO_FIELD}
                type="file"
                accept="image/png,image/jpeg,image/webp"
                errors={errors}
                hint="PNG, JPEG or WebP, at most 512 KB. SVG is not accepted."
              />
              <SubmitButton pending={uploading} pendingLabel="Uploading…">
                Upload logo
              </SubmitButton>
            </Form>
            {settings.logoUrl ? (
              <Form method="post" className="mt-3">
                <SubmitButton intent="removeLogo" variant="secondary" pendingLabel="Removing…">
                  Remove logo
                </SubmitButton>
              </Form>
            ) : null}
          </section>
        </Card>
      </div>
    </>
  );
}

/** How the saved accent looks on the client's page, with the text colour and contrast chosen for it. */
function AccentPreview({ accent, name }: { accent: string | null; name: string }) {
  const colors = accentColors(accent);
  if (!colors) return null;
  return (
    <div className="field" data-testid="accent-preview">
      <span className="hint">Preview: </span>
      <span
        style={{
          display: "inline-block",
          padding: "0.4rem 0.9rem",
          borderRadius: 6,
          background: colors.accent,
          color: colors.text,
          fontWeight: 600,
        }}
      >
        {name}
      </span>{" "}
      <span className="hint">text contrast {colors.ratio.toFixed(1)}:1</span>
    </div>
  );
}
