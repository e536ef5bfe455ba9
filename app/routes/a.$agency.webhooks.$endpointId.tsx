import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { History, RefreshCw, Send } from "lucide-react";

import { CopyButton } from "~/components/copy-button";
import { formatDateTime } from "~/components/dates";
import { buttonClasses, SubmitButton } from "~/components/ui/button";
import { ConfirmForm } from "~/components/ui/confirm-form";
import { Card, EmptyState, PageHeader } from "~/components/ui/layout";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { WebhookEndpointForm } from "~/components/webhook-endpoint-form";
import { WebhookStatusBadge } from "~/components/webhook-status";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { eventKindLabel } from "~/modules/audit/event-words";
import { askToConfirm } from "~/modules/http/confirm.server";
import { AppError } from "~/modules/http/errors";
import { redirectWithFlash } from "~/modules/http/flash.server";
import type { FormFailure } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { endpointOrigin } from "~/modules/webhooks/audit-origin";
import { listDeliveries, replayDelivery, sendTestEvent } from "~/modules/webhooks/deliveries.server";
import { deleteEndpoint, getEndpoint, rotateSecret, setEndpointEnabled, updateEndpoint } from "~/modules/webhooks/endpoints.server";
import { isWebhookKind, parseEventTypes, TEST_EVENT_TYPE, WEBHOOK_EVENT_KINDS } from "~/modules/webhooks/event-kinds";
import { endpointFailure, parseEndpointForm } from "~/modules/webhooks/form.server";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("Webhook endpoint", agencyNameFrom(matches));

function typeWords(type: string): string {
  if (type === TEST_EVENT_TYPE) return "Test event";
  return isWebhookKind(type) ? WEBHOOK_EVENT_KINDS[type] : eventKindLabel(type);
}

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "webhooks:manage");
    const endpoint = await getEndpoint(agency.id, params.endpointId ?? "");
    const deliveries = await listDeliveries(agency.id, endpoint.id);
    return json({
      endpoint: {
        id: endpoint.id,
        url: endpoint.url,
        description: endpoint.description ?? "",
        eventTypes: parseEventTypes(endpoint.eventTypes) as string[],
        secret: endpoint.secret,
        disabledAt: endpoint.disabledAt?.toISOString() ?? null,
        disabledReason: endpoint.disabledReason,
      },
      deliveries: deliveries.map((d) => ({
        id: d.id,
        at: d.createdAt.toISOString(),
        type: typeWords(d.type),
        status: d.status,
        attempts: d.attempts,
        statusCode: d.lastStatusCode,
        error: d.lastError,
        durationMs: d.lastDurationMs,
        nextAttemptAt: d.status === "PENDING" && d.attempts > 0 ? d.nextAttemptAt.toISOString() : null,
        replay: d.replayOfId !== null,
      })),
    });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "webhooks:manage");
    const formData = await request.formData();
    const actor = { type: "staff" as const, id: user.id, label: user.email };
    const endpointId = params.endpointId ?? "";
    const here = `/a/${agency.slug}/webhooks/${endpointId}`;
    switch (formData.get("intent")) {
      case "update": {
        const parsed = parseEndpointForm(formData);
        if (!parsed.ok) return parsed.response;
        const result = await updateEndpoint(agency.id, endpointId, actor, parsed.data);
        if (!result.ok) return endpointFailure(result.fieldErrors, formData);
        return redirectWithFlash(here, { kind: "success", message: "Endpoint saved." });
      }
      case "test": {
        await sendTestEvent(agency.id, endpointId, actor);
        return redirectWithFlash(here, {
          kind: "success",
          message: "Test event queued: it appears in the log below within a few seconds.",
        });
      }
      case "replay": {
        await getEndpoint(agency.id, endpointId);
        await replayDelivery(agency.id, String(formData.get("deliveryId") ?? ""), actor);
        return redirectWithFlash(here, { kind: "success", message: "Delivery queued again, with the same webhook-id." });
      }
      case "rotate": {
        const ask = askToConfirm(formData);
        if (ask) return ask;
        await rotateSecret(agency.id, endpointId, actor);
        return redirectWithFlash(here, { kind: "success", message: "New signing secret made: put it in your receiver now." });
      }
      case "disable":
      case "enable": {
        const on = formData.get("intent") === "enable";
        await setEndpointEnabled(agency.id, endpointId, actor, on);
        return redirectWithFlash(here, {
          kind: "success",
          message: on
            ? "Endpoint switched on: waiting deliveries go out now."
            : "Endpoint switched off: nothing is sent to it until you switch it on.",
        });
      }
      case "delete": {
        const ask = askToConfirm(formData);
        if (ask) return ask;
        const endpoint = await deleteEndpoint(agency.id, endpointId, actor);
        return redirectWithFlash(`/a/${agency.slug}/webhooks`, {
          kind: "success",
          message: `Endpoint at ${endpointOrigin(endpoint.url)} deleted.`,
        });
      }
      default:
        throw new AppError(400, "Unknown action.");
    }
  });
}

function response(d: { statusCode: number | null; error: string | null; status: string }) {
  if (d.statusCode !== null) return `HTTP ${d.statusCode}`;
  return d.error ?? "—";
}

export default function WebhookEndpointPage() {
  const { endpoint, deliveries } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const failure = actionData && "fieldErrors" in actionData ? actionData : null;
  const off = endpoint.disabledAt !== null;
  return (
    <>
      <PageHeader
        title={<span className="break-all">{endpoint.description || endpoint.url}</span>}
        description={
          <>
            <Link to=".." relative="path">
              Webhooks
            </Link>{" "}
            {/* The title is the address when there is no note: not twice. */}·{" "}
            {endpoint.description ? <span className="break-all">{endpoint.url}</span> : null}{" "}
            <WebhookStatusBadge status={off ? "OFF" : "ON"} />
          </>
        }
      />
      <div className="space-y-4">
        {off ? (
          <Card title="Switched off">
            <p className="mt-0" data-testid="endpoint-off">
              {endpoint.disabledReason ?? "Switched off"} on {formatDateTime(endpoint.disabledAt)}. Nothing is sent to it, tests and replays
              included; new events are not queued for it.
            </p>
            <Form method="post">
              <SubmitButton intent="enable" pendingLabel="Switching on…">
                Switch on
              </SubmitButton>
            </Form>
          </Card>
        ) : null}
        <Card title="Signing secret">
          <p className="mt-0">
            Every delivery carries <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> headers
            (Standard Webhooks). Verify them with this secret and any Standard Webhooks library.
          </p>
          <div className="flex min-w-0 flex-wrap items-center gap-2">
            <code className="min-w-0 break-all rounded-md border border-line bg-canvas px-2 py-1" data-testid="webhook-secret">
              {endpoint.secret}
            </code>
            <CopyButton value={endpoint.secret} label="Copy the signing secret" toast="Secret copied" size="md" />
            <ConfirmForm
              fields={{ intent: "rotate" }}
              trigger="Rotate secret"
              variant="secondary"
              size="md"
              title="Make a new signing secret?"
              description={
                <p className="m-0">
                  Deliveries are signed with the new secret from now on, and the current one stops verifying at once. Put the new secret in
                  your receiver right away.
                </p>
              }
              confirmLabel="Make a new secret"
              pendingLabel="Making…"
            />
          </div>
        </Card>
        <Card
          title="Delivery log"
          actions={
            <div className="flex flex-wrap gap-2">
              <Link to="." className={buttonClasses("secondary", "sm")}>
                <RefreshCw aria-hidden className="h-4 w-4" />
                Refresh
              </Link>
              <Form method="post">
                <SubmitButton intent="test" size="sm" variant="secondary" pendingLabel="Queueing…" disabled={off}>
                  <Send aria-hidden className="h-4 w-4" />
                  Send a test event
                </SubmitButton>
              </Form>
            </div>
          }
        >
          {deliveries.length === 0 ? (
            <EmptyState icon={History} title="Nothing sent yet">
              Send a test event to check your receiver, or wait for one of the chosen events.
            </EmptyState>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>Time</Th>
                  <Th>Event</Th>
                  <Th>Status</Th>
                  <Th>Response</Th>
                  <Th>Duration</Th>
                  <Th>Attempts</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <Tr key={d.id} data-testid="delivery-row">
                    <Td label="Time">{formatDateTime(d.at)}</Td>
                    <Td label="Event">
                      {d.type}
                      {d.replay ? <span className="text-sm text-muted"> (replay)</span> : null}
                    </Td>
                    <Td label="Status">
                      <WebhookStatusBadge status={d.status} attempts={d.attempts} />
                      {d.nextAttemptAt ? (
                        <span className="block text-sm text-muted">next try {formatDateTime(d.nextAttemptAt)}</span>
                      ) : null}
                    </Td>
                    <Td label="Response">
                      <span className="break-words text-sm">{response(d)}</span>
                    </Td>
                    <Td label="Duration">{d.durationMs !== null ? `${d.durationMs} ms` : "—"}</Td>
                    <Td label="Attempts">{d.attempts}</Td>
                    <Td label="Actions">
                      <Form method="post">
                        <input type="hidden" name="deliveryId" value={d.id} />
                        <SubmitButton
                          intent="replay"
                          size="sm"
                          variant="secondary"
                          pendingLabel="Queueing…"
                          aria-label={`Replay the ${d.type} delivery of ${formatDateTime(d.at)}`}
                          // A switched-off endpoint is sent nothing, replays included: switch it on first.
                          disabled={off}
                        >
                          Replay
                        </SubmitButton>
                      </Form>
                    </Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
        <Card title="Address and events">
          <WebhookEndpointForm values={endpoint} failure={failure} intent="update" submitLabel="Save" pendingLabel="Saving…" />
        </Card>
        <Card title="Switch off or delete">
          <div className="flex flex-wrap gap-2">
            {off ? null : (
              <Form method="post">
                <SubmitButton intent="disable" variant="secondary" pendingLabel="Switching off…">
                  Switch off
                </SubmitButton>
              </Form>
            )}
            <ConfirmForm
              fields={{ intent: "delete" }}
              trigger="Delete endpoint"
              size="md"
              title="Delete this endpoint?"
              description={
                <p className="m-0">
                  Nothing more is sent to <span className="break-all">{endpoint.url}</span>, and its delivery log is deleted with it. This
                  cannot be undone.
                </p>
              }
              confirmLabel="Delete endpoint"
              pendingLabel="Deleting…"
            />
          </div>
        </Card>
      </div>
    </>
  );
}
