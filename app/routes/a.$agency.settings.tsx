import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { Field, FieldError, FormError } from "~/components/form";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { accentColors } from "~/modules/agencies/branding";
import { LOGO_FIELD } from "~/modules/agencies/branding";
import { isMultipart, readLogoUpload, removeLogo, saveLogo } from "~/modules/agencies/branding.server";
import { AgencySettingsSchema, getSettings, updateSettings } from "~/modules/agencies/settings.server";
import { type FormFailure, formFailure, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { roleLabel } from "~/modules/platforms/hotjar";

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "settings:write");
    return json({ settings: await getSettings(agency.id) });
  });
}

type Saved = { ok: true; saved: "settings" | "logo" | "logoRemoved" };

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "settings:write");
    const actor = { type: "staff" as const, id: user.id, label: user.email };
    // The logo form is the only multipart one.
    if (isMultipart(request)) {
      const upload = await readLogoUpload(request);
      const result = upload.ok ? await saveLogo(agency.id, actor, upload.bytes) : upload;
      if (!result.ok) return formFailure({ [LOGO_FIELD]: [result.message] }, new FormData());
      return json<Saved>({ ok: true, saved: "logo" });
    }
    const formData = await request.formData();
    if (formData.get("intent") === "removeLogo") {
      await removeLogo(agency.id, actor);
      return json<Saved>({ ok: true, saved: "logoRemoved" });
    }
    const parsed = parseForm(AgencySettingsSchema, formData);
    if (!parsed.ok) return parsed.response;
    await updateSettings(agency.id, actor, parsed.data);
    return json<Saved>({ ok: true, saved: "settings" });
  });
}

const SAVED_MESSAGE: Record<Saved["saved"], string> = {
  settings: "Settings saved.",
  logo: "Logo uploaded.",
  logoRemoved: "Logo removed.",
};

export default function Settings() {
  const { settings } = useLoaderData<typeof loader>();
  const data = useActionData<FormFailure | Saved>();
  const failure = data && !data.ok ? data : undefined;
  const errors = failure?.fieldErrors;
  const value = (name: keyof typeof settings) => failure?.values[name] ?? String(settings[name] ?? "");
  const uploading = useNavigation().formEncType === "multipart/form-data";
  return (
    <>
      <h1>Settings</h1>
      {data?.ok ? (
        <p className="notice" role="status">
          {SAVED_MESSAGE[data.saved]}
        </p>
      ) : null}

      {/* Keyed by the saved values: after a save the inputs show them as stored (e.g. the colour in lower case). */}
      <Form method="post" noValidate key={JSON.stringify(settings)} aria-labelledby="settings-heading">
        <h2 id="settings-heading">Agency and defaults</h2>
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
          {(["VIEWER", "USER"] as const).map((role) => (
            <label key={role} className="choice">
              <input type="radio" name="defaultRole" value={role} defaultChecked={value("defaultRole") === role} /> {roleLabel(role)}
            </label>
          ))}
          <FieldError errors={errors} name="defaultRole" />
        </fieldset>
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
        <button type="submit">Save settings</button>
      </Form>

      <section aria-labelledby="logo-heading">
        <h2 id="logo-heading">Logo</h2>
        {settings.logoUrl ? (
          <p>
            <img src={settings.logoUrl} alt={`${settings.name} logo`} className="logo-preview" style={{ maxHeight: 48, maxWidth: 200 }} />
          </p>
        ) : (
          <p className="muted">No logo yet: clients see your agency's name only.</p>
        )}
        <Form method="post" encType="multipart/form-data" key={settings.logoUrl ?? "none"}>
          <Field
            label="Logo image"
            name={LOGO_FIELD}
            type="file"
            accept="image/png,image/jpeg,image/webp"
            errors={errors}
            hint="PNG, JPEG or WebP, at most 512 KB. SVG is not accepted."
          />
          <button type="submit" disabled={uploading}>
            {uploading ? "Uploading…" : "Upload logo"}
          </button>
        </Form>
        {settings.logoUrl ? (
          <Form method="post">
            <button type="submit" name="intent" value="removeLogo" className="secondary">
              Remove logo
            </button>
          </Form>
        ) : null}
      </section>
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
