import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Users } from "lucide-react";

import { CopyButton } from "~/components/copy-button";
import { formatDate, formatDateTime } from "~/components/dates";
import { IntakeDefaultsForm } from "~/components/intake-form";
import { StatusPill } from "~/components/status-tone";
import { Badge } from "~/components/ui/badge";
import { SubmitButton } from "~/components/ui/button";
import { ConfirmForm } from "~/components/ui/confirm-form";
import { Card, EmptyState, PageHeader } from "~/components/ui/layout";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { getEnv } from "~/modules/env/env.server";
import { askToConfirm } from "~/modules/http/confirm.server";
import { AppError } from "~/modules/http/errors";
import { redirectWithFlash } from "~/modules/http/flash.server";
import { type FormFailure, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import {
  arrivalsOf,
  disableIntakeLink,
  getIntakeLink,
  intakeIpLimit,
  intakeUrl,
  reopenIntakeLink,
  updateIntakeLink,
} from "~/modules/intake/intake.server";
import { IntakeLinkSchema } from "~/modules/intake/schemas";
import { effectiveLinkStatus } from "~/modules/links/link-state";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `Intake link ${data.intake.name}` : "Intake link", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "intake:manage");
    const intake = await getIntakeLink(agency.id, params.intakeId ?? "");
    const arrivals = await arrivalsOf(agency.id, intake.id);
    const now = new Date();
    return json({
      ipLimit: intakeIpLimit(),
      intake: {
        id: intake.id,
        name: intake.name,
        role: intake.role,
        locale: intake.locale,
        lifetimeDays: intake.lifetimeDays,
        reason: intake.reason,
        dailyLimit: intake.dailyLimit,
        url: intakeUrl(getEnv().PUBLIC_URL, intake),
        createdAt: intake.createdAt.toISOString(),
        disabledAt: intake.disabledAt?.toISOString() ?? null,
      },
      arrivals: arrivals.map((a) => ({
        linkId: a.id,
        createdAt: a.createdAt.toISOString(),
        status: effectiveLinkStatus(a, now),
        client: a.client,
      })),
    });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "intake:manage");
    const formData = await request.formData();
    const actor = { type: "staff" as const, id: user.id, label: user.email };
    const intakeId = params.intakeId ?? "";
    const base = `/a/${agency.slug}/intake-links`;
    switch (formData.get("intent")) {
      case "update": {
        const parsed = parseForm(IntakeLinkSchema, formData);
        if (!parsed.ok) return parsed.response;
        const intake = await updateIntakeLink(agency.id, intakeId, actor, parsed.data);
        return redirectWithFlash(`${base}/${intake.id}`, { kind: "success", message: `Intake link “${intake.name}” saved.` });
      }
      case "disable": {
        const ask = askToConfirm(formData);
        if (ask) return ask;
        const intake = await disableIntakeLink(agency.id, intakeId, actor);
        return redirectWithFlash(`${base}/${intake.id}`, {
          kind: "success",
          message: `Intake link “${intake.name}” switched off: its address no longer works.`,
        });
      }
      case "reopen": {
        const intake = await reopenIntakeLink(agency.id, intakeId, actor);
        return redirectWithFlash(`${base}/${intake.id}`, {
          kind: "success",
          message: `New intake link “${intake.name}” made with the same defaults: share its new address.`,
        });
      }
      default:
        throw new AppError(400, "Unknown action.");
    }
  });
}

export default function IntakeLinkPage() {
  const { intake, arrivals, ipLimit } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  const off = intake.disabledAt !== null;
  return (
    <>
      <PageHeader
        title={intake.name}
        description={
          <>
            <Link to=".." relative="path">
              Intake links
            </Link>{" "}
            · created {formatDate(intake.createdAt)} {off ? <Badge tone="danger">Switched off</Badge> : <Badge tone="success">On</Badge>}
          </>
        }
      />
      <div className="space-y-4">
        <Card title="Address">
          {off ? (
            <div className="space-y-3">
              <p className="m-0" data-testid="intake-off">
                Switched off on {formatDateTime(intake.disabledAt)}: <code className="break-all">{intake.url}</code> tells visitors it is no
                longer in use, for good.
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="reopen" />
                <SubmitButton variant="secondary" pendingLabel="Making…">
                  Make a new intake link with these defaults
                </SubmitButton>
              </Form>
            </div>
          ) : (
            <div className="space-y-3">
              <div className="flex min-w-0 flex-wrap items-center gap-2">
                <code className="min-w-0 break-all rounded-md border border-line bg-canvas px-2 py-1" data-testid="intake-url">
                  {intake.url}
                </code>
                <CopyButton value={intake.url} label={`Copy the address of ${intake.name}`} toast="Address copied" size="md" />
              </div>
              <ConfirmForm
                fields={{ intent: "disable" }}
                trigger="Switch off"
                title={`Switch off “${intake.name}”?`}
                description={
                  <p className="m-0">
                    Its address stops working for good: visitors are told to ask you for a new one. Clients and links already made stay. You
                    can make a new intake link with a new address later.
                  </p>
                }
                confirmLabel="Switch off"
                pendingLabel="Switching off…"
              />
            </div>
          )}
        </Card>
        <Card title={`Arrivals (${arrivals.length}${arrivals.length === 50 ? "+" : ""})`}>
          {arrivals.length === 0 ? (
            <EmptyState icon={Users} title="No arrivals yet">
              {off
                ? "No one arrived through this link."
                : "Share the address above; each visitor shows up here with their client and link."}
            </EmptyState>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>Client</Th>
                  <Th>Contact</Th>
                  <Th>Arrived</Th>
                  <Th>Link</Th>
                </tr>
              </thead>
              <tbody>
                {arrivals.map((a) => (
                  <Tr key={a.linkId} data-testid="intake-arrival">
                    <Td label="Client">
                      <Link
                        to={`../../clients/${a.client.id}`}
                        relative="path"
                        className="inline-flex min-h-touch items-center font-semibold"
                      >
                        {a.client.name}
                      </Link>
                    </Td>
                    <Td label="Contact">
                      <span className="break-words">
                        {a.client.contactName} &lt;{a.client.contactEmail}&gt;
                      </span>
                    </Td>
                    <Td label="Arrived">{formatDateTime(a.createdAt)}</Td>
                    <Td label="Link">
                      <Link to={`../../links/${a.linkId}`} relative="path" className="inline-flex min-h-touch items-center gap-2">
                        <StatusPill status={a.status} />
                        <span>See the link</span>
                      </Link>
                    </Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
        <Card title="Defaults of each new link">
          <IntakeDefaultsForm
            defaults={intake}
            failure={failure && "fieldErrors" in failure ? failure : null}
            intent="update"
            submitLabel="Save"
            pendingLabel="Saving…"
            ipLimit={ipLimit}
          />
        </Card>
      </div>
    </>
  );
}
