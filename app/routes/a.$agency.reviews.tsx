import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { addDays, formatISO } from "date-fns";
import { CalendarCheck, CheckCircle2 } from "lucide-react";

import { formatDate } from "~/components/dates";
import { StatusPill } from "~/components/status-tone";
import { Badge } from "~/components/ui/badge";
import { buttonClasses, SubmitButton } from "~/components/ui/button";
import { ConfirmForm } from "~/components/ui/confirm-form";
import { Card, EmptyState, PageHeader } from "~/components/ui/layout";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { askToConfirm } from "~/modules/http/confirm.server";
import { AppError } from "~/modules/http/errors";
import { redirectWithFlash } from "~/modules/http/flash.server";
import { handled } from "~/modules/http/route.server";
import { confirmRemoval, endAccess, keepGrant, KeepSchema, listReviews, ReviewsQuerySchema } from "~/modules/reviews/reviews.server";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("Access reviews", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const { agency } = await requireAgencyMember(request, params.agency, "reviews:read");
    const query = ReviewsQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const now = new Date();
    return json({
      slug: agency.slug,
      query,
      suggested: formatISO(addDays(now, 90), { representation: "date" }),
      ...(await listReviews(agency.id, query, now)),
    });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const { agency, user } = await requireAgencyMember(request, params.agency, "reviews:write");
    const formData = await request.formData();
    const actor = { type: "staff" as const, id: user.id, label: user.email };
    const grantId = String(formData.get("grantId") ?? "");
    // Back to the page as it was (the same page of each list).
    const query = ReviewsQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const search = new URLSearchParams(query).toString();
    const back = `/a/${agency.slug}/reviews${search ? `?${search}` : ""}`;
    switch (formData.get("intent")) {
      case "keep": {
        const parsed = KeepSchema.safeParse(Object.fromEntries(formData));
        if (!parsed.success) return json({ ok: false as const, grantId, error: parsed.error.issues[0]!.message }, { status: 400 });
        await keepGrant(agency.id, parsed.data.grantId, actor, parsed.data.nextReviewOn);
        return redirectWithFlash(back, {
          kind: "success",
          message: `Access kept: it comes back for review on ${formatDate(parsed.data.nextReviewOn)}.`,
        });
      }
      case "end": {
        // It emails the client: only with the dialog's (or the confirmation page's) yes.
        const ask = askToConfirm(formData);
        if (ask) return ask;
        const grant = await endAccess(agency.id, grantId, actor);
        return redirectWithFlash(back, {
          kind: "success",
          message: `Access to site ${grant.hotjarSiteId} ended: the client was emailed Hotjar's steps to remove it. Confirm below once you can no longer see the site.`,
        });
      }
      case "confirm": {
        const ask = askToConfirm(formData);
        if (ask) return ask;
        await confirmRemoval(agency.id, grantId, actor);
        return redirectWithFlash(back, {
          kind: "success",
          message: "Removal confirmed: the access is gone, and the audit log says who checked.",
        });
      }
      default:
        throw new AppError(400, "Unknown action.");
    }
  });
}

type KeepFailure = { ok: false; grantId: string; error: string };
type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type DueGrant = Data["due"][number];
type EndedGrant = Data["awaitingRemoval"][number];

const siteName = (g: { siteName: string | null; hotjarSiteId: string }) => g.siteName ?? `Site ${g.hotjarSiteId}`;

function Site({ grant }: { grant: { siteName: string | null; hotjarSiteId: string } }) {
  return (
    <>
      {siteName(grant)} <code>{grant.hotjarSiteId}</code>
    </>
  );
}

/** Keep (with the next review date) or end the access of one grant. */
function Decision({ grant, suggested, failure }: { grant: DueGrant; suggested: string; failure?: KeepFailure }) {
  const navigation = useNavigation();
  // Only this row's Keep button shows that it is working.
  const keeping =
    navigation.state !== "idle" && navigation.formData?.get("intent") === "keep" && navigation.formData.get("grantId") === grant.id;
  const error = failure?.grantId === grant.id ? failure.error : undefined;
  const dateId = `next-review-${grant.id}`;
  return (
    <div className="flex flex-col gap-2">
      <Form method="post" className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="grantId" value={grant.id} />
        <div className="flex flex-col gap-1">
          <label htmlFor={dateId} className="text-sm text-muted">
            Next review
          </label>
          <input
            id={dateId}
            type="date"
            name="nextReviewOn"
            defaultValue={suggested}
            className="m-0 min-h-touch !w-auto"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${dateId}-error` : undefined}
          />
        </div>
        <SubmitButton intent="keep" variant="secondary" pending={keeping} pendingLabel="Keeping…">
          Keep access
        </SubmitButton>
      </Form>
      {error ? (
        <p className="error m-0" id={`${dateId}-error`} role="alert">
          {error}
        </p>
      ) : null}
      <div>
        <ConfirmForm
          fields={{ intent: "end", grantId: grant.id }}
          trigger="End access"
          title={`End access to ${siteName(grant)}?`}
          description={
            <>
              <p className="m-0">
                {grant.grantedByName} (<span className="[overflow-wrap:anywhere]">{grant.grantedByEmail}</span>) is emailed now, with
                Hotjar&apos;s steps to remove <strong className="[overflow-wrap:anywhere]">{grant.granteeEmail}</strong> from site{" "}
                {grant.hotjarSiteId}.
              </p>
              <p className="m-0 mt-2">
                The grant is marked ended and waits below until you confirm you can no longer see the site. This cannot be undone: to see
                the site again, send a new link.
              </p>
            </>
          }
          confirmLabel="End access and email the client"
          pendingLabel="Ending…"
        />
      </div>
    </div>
  );
}

function DueTable({ slug, due, suggested, failure }: { slug: string; due: DueGrant[]; suggested: string; failure?: KeepFailure }) {
  return (
    <Table data-testid="reviews-due">
      <thead>
        <tr>
          <Th>Client</Th>
          <Th>Site</Th>
          <Th>Status</Th>
          <Th>Review</Th>
          <Th>Decision</Th>
        </tr>
      </thead>
      <tbody>
        {due.map((g) => (
          <Tr key={g.id} data-grant={g.id}>
            <Td label="Client">
              <Link to={`/a/${slug}/clients/${g.client.id}`} className="font-medium">
                {g.client.name}
              </Link>
            </Td>
            <Td label="Site">
              <Site grant={g} />
              <div className="text-sm text-muted">
                <span className="[overflow-wrap:anywhere]">{g.granteeEmail}</span>
              </div>
            </Td>
            <Td label="Status">
              <StatusPill status={g.effectiveStatus} />
            </Td>
            <Td label="Review">
              {formatDate(g.reviewAt)}
              {g.overdue ? (
                <Badge tone="danger" className="ml-2">
                  Overdue
                </Badge>
              ) : null}
            </Td>
            <Td label="Decision">
              <Decision grant={g} suggested={suggested} failure={failure} />
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function RemovalTable({ grants }: { grants: EndedGrant[] }) {
  return (
    <Table data-testid="reviews-removal">
      <thead>
        <tr>
          <Th>Client</Th>
          <Th>Site</Th>
          <Th>Ended</Th>
          <Th>
            <span className="sr-only">Removal</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {grants.map((g) => (
          <Tr key={g.id} data-grant={g.id}>
            <Td label="Client">{g.client.name}</Td>
            <Td label="Site">
              <Site grant={g} />
              <div className="text-sm text-muted">
                <span className="[overflow-wrap:anywhere]">{g.granteeEmail}</span>
              </div>
            </Td>
            <Td label="Ended">{formatDate(g.revokedAt)}</Td>
            <Td label="Removal">
              <ConfirmForm
                fields={{ intent: "confirm", grantId: g.id }}
                trigger="We can no longer see the site"
                title="Is the access gone?"
                description={
                  <p className="m-0">
                    Confirm only once you checked in Hotjar that <strong className="[overflow-wrap:anywhere]">{g.granteeEmail}</strong> no
                    longer sees {siteName(g)} ({g.hotjarSiteId}). It leaves this list and the audit log records who confirmed it; this
                    cannot be undone.
                  </p>
                }
                confirmLabel="Yes, the access is gone"
                pendingLabel="Confirming…"
                variant="secondary"
              />
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

export default function Reviews() {
  const { slug, query, suggested, due, dueNext, awaitingRemoval, removalNext } = useLoaderData<typeof loader>();
  const data = useActionData<KeepFailure | { confirmation: Record<string, string> }>();
  const failure = data && "error" in data ? data : undefined;
  const pageAfter = (key: "dueAfter" | "removalAfter", id: string) => `/a/${slug}/reviews?${new URLSearchParams({ ...query, [key]: id })}`;
  return (
    <>
      <PageHeader
        title="Access reviews"
        description="Least privilege, reviewed: every grant comes back here on its review date (its access end date, or your review interval)."
      />
      <div className="flex flex-col gap-5">
        <Card title="Due and overdue">
          {due.length === 0 ? (
            <EmptyState
              icon={CalendarCheck}
              title="Nothing to review this week"
              action={
                <Link className={buttonClasses("secondary")} to={`/a/${slug}/settings`}>
                  Review interval in Settings
                </Link>
              }
            >
              No review is due in the next 7 days. Grants come back here on their review date.
            </EmptyState>
          ) : (
            <DueTable slug={slug} due={due} suggested={suggested} failure={failure} />
          )}
          {dueNext ? (
            <div className="mt-3 flex justify-end">
              <Link className={buttonClasses("secondary", "sm")} to={pageAfter("dueAfter", dueNext)}>
                More due reviews
              </Link>
            </div>
          ) : null}
        </Card>
        <Card title="Ended, waiting for removal">
          {awaitingRemoval.length === 0 ? (
            <EmptyState icon={CheckCircle2} title="Nothing waiting">
              When you end access, the grant waits here until you confirm you can no longer see the site in Hotjar.
            </EmptyState>
          ) : (
            <RemovalTable grants={awaitingRemoval} />
          )}
          {removalNext ? (
            <div className="mt-3 flex justify-end">
              <Link className={buttonClasses("secondary", "sm")} to={pageAfter("removalAfter", removalNext)}>
                More waiting for removal
              </Link>
            </div>
          ) : null}
        </Card>
      </div>
    </>
  );
}
