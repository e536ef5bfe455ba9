import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { addDays, formatISO } from "date-fns";

import { formatDate } from "~/components/dates";
import { FormError } from "~/components/form";
import { StatusBadge } from "~/components/status-badge";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { AppError } from "~/modules/http/errors";
import { handled } from "~/modules/http/route.server";
import { confirmRemoval, endAccess, keepGrant, KeepSchema, listReviews, ReviewsQuerySchema } from "~/modules/reviews/reviews.server";

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
    switch (formData.get("intent")) {
      case "keep": {
        const parsed = KeepSchema.safeParse(Object.fromEntries(formData));
        if (!parsed.success) return json({ ok: false as const, grantId, error: parsed.error.issues[0]!.message }, { status: 400 });
        await keepGrant(agency.id, parsed.data.grantId, actor, parsed.data.nextReviewOn);
        return json({ ok: true as const, notice: "Access kept: it will come back for review on the date you chose." });
      }
      case "end":
        await endAccess(agency.id, grantId, actor);
        return json({
          ok: true as const,
          notice: "Access ended: the client was emailed Hotjar's steps to remove it. Confirm below once you can no longer see the site.",
        });
      case "confirm":
        await confirmRemoval(agency.id, grantId, actor);
        return json({ ok: true as const, notice: "Removal confirmed." });
      default:
        throw new AppError(400, "Unknown action.");
    }
  });
}

type ActionData = { ok: true; notice: string } | { ok: false; grantId: string; error: string };

export default function Reviews() {
  const { slug, query, suggested, due, dueNext, awaitingRemoval, removalNext } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const pageAfter = (key: "dueAfter" | "removalAfter", id: string) => `/a/${slug}/reviews?${new URLSearchParams({ ...query, [key]: id })}`;
  return (
    <>
      <h1>Access reviews</h1>
      <p className="muted">
        Least privilege, reviewed: every grant comes back here on its review date (its access end date, or your review interval).
      </p>
      {data?.ok ? (
        <p className="notice" role="status">
          {data.notice}
        </p>
      ) : null}
      <h2>Due and overdue</h2>
      {due.length === 0 ? (
        <p className="muted">No review is due in the next 7 days.</p>
      ) : (
        <table data-testid="reviews-due">
          <thead>
            <tr>
              <th>Client</th>
              <th>Site</th>
              <th>Status</th>
              <th>Review</th>
              <th>Decision</th>
            </tr>
          </thead>
          <tbody>
            {due.map((g) => (
              <tr key={g.id} data-grant={g.id}>
                <td>
                  <Link to={`/a/${slug}/clients/${g.client.id}`}>{g.client.name}</Link>
                </td>
                <td>
                  {g.siteName ?? "Site"} <code>{g.hotjarSiteId}</code>
                </td>
                <td>
                  <StatusBadge status={g.effectiveStatus} />
                </td>
                <td className={g.overdue ? "error" : undefined}>
                  {formatDate(g.reviewAt)}
                  {g.overdue ? " (overdue)" : ""}
                </td>
                <td>
                  <Form method="post" className="inline-fields">
                    <input type="hidden" name="grantId" value={g.id} />
                    <input type="date" name="nextReviewOn" defaultValue={suggested} aria-label="Next review date" />
                    <button type="submit" name="intent" value="keep" className="small secondary">
                      Keep
                    </button>
                    <button type="submit" name="intent" value="end" className="small danger">
                      End access
                    </button>
                  </Form>
                  {data && !data.ok && data.grantId === g.id ? <FormError message={data.error} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dueNext ? (
        <p>
          <Link to={pageAfter("dueAfter", dueNext)}>More due reviews</Link>
        </p>
      ) : null}
      <h2>Ended, waiting for removal</h2>
      {awaitingRemoval.length === 0 ? (
        <p className="muted">Nothing waiting.</p>
      ) : (
        <table data-testid="reviews-removal">
          <thead>
            <tr>
              <th>Client</th>
              <th>Site</th>
              <th>Ended</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {awaitingRemoval.map((g) => (
              <tr key={g.id}>
                <td>{g.client.name}</td>
                <td>
                  {g.siteName ?? "Site"} <code>{g.hotjarSiteId}</code>
                </td>
                <td>{formatDate(g.revokedAt)}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="grantId" value={g.id} />
                    <button type="submit" name="intent" value="confirm" className="small">
                      We can no longer see the site
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {removalNext ? (
        <p>
          <Link to={pageAfter("removalAfter", removalNext)}>More waiting for removal</Link>
        </p>
      ) : null}
    </>
  );
}
