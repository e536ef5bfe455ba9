import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { BookOpen, KeyRound } from "lucide-react";

import { CopyButton } from "~/components/copy-button";
import { formatDate, formatDateTime } from "~/components/dates";
import { Field, FieldError, FormError } from "~/components/form";
import { Badge } from "~/components/ui/badge";
import { buttonClasses, SubmitButton } from "~/components/ui/button";
import { CHOICE_INPUT } from "~/components/ui/choice";
import { ConfirmForm } from "~/components/ui/confirm-form";
import { Card, EmptyState, PageHeader } from "~/components/ui/layout";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { createApiKey, CreateApiKeySchema, isUsable, listApiKeys, revokeApiKey } from "~/modules/api/api-keys.server";
import { API_SCOPES } from "~/modules/api/scopes";
import { requireSession } from "~/modules/auth/auth.server";
import { requireRecentAuth } from "~/modules/auth/reauth.server";
import { askToConfirm } from "~/modules/http/confirm.server";
import { AppError } from "~/modules/http/errors";
import { redirectWithFlash } from "~/modules/http/flash.server";
import { type FormFailure, formInput, formValues } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("API keys", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "api:manage");
    const now = new Date();
    const keys = await listApiKeys(agency.id);
    return json({
      keys: keys.map((k) => ({
        id: k.id,
        name: k.name,
        prefix: k.prefix,
        scopes: k.scopes,
        createdBy: k.createdBy.name,
        createdAt: k.createdAt.toISOString(),
        lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
        expiresAt: k.expiresAt?.toISOString() ?? null,
        revokedAt: k.revokedAt?.toISOString() ?? null,
        usable: isUsable(k, now),
      })),
    });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "api:manage");
    const formData = await request.formData();
    const actor = { type: "staff" as const, id: user.id, label: user.email };
    const here = `/a/${agency.slug}/api-keys`;
    switch (formData.get("intent")) {
      case "create": {
        // A key acts for the whole agency: a fresh password first (docs/decisions/048, 049).
        await requireRecentAuth(request, await requireSession(request));
        const scopes = formData.getAll("scopes").map(String);
        const parsed = CreateApiKeySchema.safeParse({ ...formInput(formData), scopes });
        if (!parsed.success) {
          const { fieldErrors, formErrors } = parsed.error.flatten();
          // The boxes ticked come back as one value, to tick them again.
          const values = { ...formValues(formData), scopes: scopes.join(" ") };
          return json<FormFailure>({ ok: false, fieldErrors, formError: formErrors[0], values }, { status: 400 });
        }
        const { key, secret } = await createApiKey(agency.id, actor, parsed.data);
        return json({ ok: true as const, created: { name: key.name, secret } });
      }
      case "revoke": {
        const ask = askToConfirm(formData);
        if (ask) return ask;
        const key = await revokeApiKey(agency.id, String(formData.get("id") ?? ""), actor);
        return redirectWithFlash(here, { kind: "success", message: `Key “${key.name}” revoked: calls with it are refused from now on.` });
      }
      default:
        throw new AppError(400, "Unknown action.");
    }
  });
}

export default function ApiKeysPage() {
  const { keys } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const created = actionData && "created" in actionData ? actionData.created : null;
  const failure = actionData && "fieldErrors" in actionData ? actionData : null;
  const chosen = new Set(failure?.values.scopes?.split(" ") ?? []);
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys let your own tools call this portal's API for your agency. Give each key only the scopes it needs."
        actions={
          <Link className={buttonClasses("secondary", "md")} to="/docs/api">
            <BookOpen aria-hidden className="h-4 w-4" /> API reference
          </Link>
        }
      />
      {created ? (
        <Card title="Your new key" className="mb-4">
          <div role="status" data-testid="new-key">
            <p className="mt-0">
              Copy the key for <strong>{created.name}</strong> now: it is shown only this once. Send it as{" "}
              <code className="whitespace-nowrap">Authorization: Bearer …</code>.
            </p>
            <div className="flex flex-wrap items-center gap-2">
              <code className="min-w-0 break-all rounded-md border border-line bg-canvas px-2 py-1" data-testid="new-key-secret">
                {created.secret}
              </code>
              <CopyButton value={created.secret} label={`Copy key ${created.name}`} toast="Key copied" size="md" />
            </div>
          </div>
        </Card>
      ) : null}
      <Card title="Create a key" className="mb-4">
        {/* A new key empties the form: the next one starts blank. */}
        <Form key={created?.secret ?? "form"} method="post" className="flex flex-col gap-3">
          <input type="hidden" name="intent" value="create" />
          <FormError message={failure?.formError} />
          <Field
            label="Name"
            name="name"
            required
            maxLength={100}
            defaultValue={failure?.values.name ?? ""}
            errors={failure?.fieldErrors}
          />
          <fieldset className="m-0 border-0 p-0">
            <legend className="mb-1 font-semibold">Scopes</legend>
            <div className="grid grid-cols-1 gap-1 sm:grid-cols-2">
              {API_SCOPES.map((scope) => (
                <label key={scope} className="inline-flex min-h-touch items-center gap-2">
                  <input className={CHOICE_INPUT} type="checkbox" name="scopes" value={scope} defaultChecked={chosen.has(scope)} />
                  <code>{scope}</code>
                </label>
              ))}
            </div>
            <FieldError errors={failure?.fieldErrors} name="scopes" />
          </fieldset>
          <Field
            label="Expires on (optional)"
            name="expiresOn"
            type="date"
            defaultValue={failure?.values.expiresOn ?? ""}
            errors={failure?.fieldErrors}
            hint="Leave empty for a key that works until you revoke it."
          />
          <div>
            <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
          </div>
        </Form>
      </Card>
      <Card title="Keys">
        {keys.length === 0 ? (
          <EmptyState icon={KeyRound} title="No API keys yet">
            Create one above to connect your CRM or automation tool.
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Key</Th>
                <Th>Scopes</Th>
                <Th>Created by</Th>
                <Th>Last used</Th>
                <Th>Expires</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <Tr key={k.id} data-testid="api-key-row">
                  <Td label="Name">
                    <span className="font-semibold">{k.name}</span>{" "}
                    {k.revokedAt ? <Badge tone="danger">Revoked</Badge> : !k.usable ? <Badge tone="warning">Expired</Badge> : null}
                  </Td>
                  <Td label="Key">
                    <code>{k.prefix}_…</code>
                  </Td>
                  <Td label="Scopes">
                    <span className="flex flex-wrap gap-1">
                      {k.scopes.map((s) => (
                        <Badge key={s}>{s}</Badge>
                      ))}
                    </span>
                  </Td>
                  <Td label="Created by">
                    {k.createdBy}, {formatDate(k.createdAt)}
                  </Td>
                  <Td label="Last used" data-testid="key-last-used">
                    {k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "Never"}
                  </Td>
                  <Td label="Expires">{k.expiresAt ? formatDate(k.expiresAt) : "Never"}</Td>
                  <Td label="Actions">
                    {k.revokedAt ? null : (
                      <ConfirmForm
                        fields={{ intent: "revoke", id: k.id }}
                        trigger="Revoke"
                        title={`Revoke the key “${k.name}”?`}
                        description={
                          <p className="m-0">
                            Every call made with <code>{k.prefix}_…</code> is refused from now on. This cannot be undone; you can create a
                            new key.
                          </p>
                        }
                        confirmLabel="Revoke key"
                        pendingLabel="Revoking…"
                      />
                    )}
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
