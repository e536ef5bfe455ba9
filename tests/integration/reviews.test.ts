import { addDays, addMinutes } from "date-fns";
import { beforeEach, describe, expect, it } from "vitest";

import { setClientArchived } from "~/modules/clients/clients.server";
import { db } from "~/modules/db/db.server";
import { createMailboxTransport } from "~/modules/email/transports.server";
import { runWorkerCycle } from "~/modules/email/worker.server";
import { completeLink } from "~/modules/links/link-page.server";
import { createLink } from "~/modules/links/links.server";
import { confirmRemoval, endAccess, keepGrant, listReviews, scheduleReviewNotices } from "~/modules/reviews/reviews.server";

import { linkInput, makeAgency, makeClient, makeLink, META, nowSeconds, SITE_A, type TestAgency, tokenOf } from "./helpers";

let agency: TestAgency;
let clientId: string;
const T0 = nowSeconds();

beforeEach(async () => {
  agency = await makeAgency();
  clientId = (await makeClient(agency)).id;
});

async function grantFor(opts: { accessEndsOn?: string } = {}) {
  const input = {
    ...linkInput(clientId, agency),
    accessEndsAt: undefined,
    accessEndsOn: opts.accessEndsOn ? new Date(`${opts.accessEndsOn}T23:59:59Z`) : null,
  };
  const created = await createLink(agency.agencyId, agency.actor, input, T0);
  if (!created.ok) throw new Error("link refused");
  const done = await completeLink(
    tokenOf(created.url),
    { clientName: "Casey", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A] },
    META,
    addMinutes(T0, 1),
  );
  if (!done.ok) throw new Error("completion refused");
  return db.grant.findFirstOrThrow({ where: { linkId: created.linkId } });
}

describe("access reviews", () => {
  it("a grant is reviewed at its access end date, else after the agency's interval (90 days)", async () => {
    const plain = await grantFor();
    expect(plain.reviewAt?.getTime()).toBe(addDays(addMinutes(T0, 1), 90).getTime());
    const endsOn = addDays(T0, 20).toISOString().slice(0, 10);
    const temporary = await grantFor({ accessEndsOn: endsOn });
    expect(temporary.reviewAt?.toISOString()).toBe(`${endsOn}T23:59:59.000Z`);
  });

  it("lists due and overdue grants; keep moves the review date and takes it off the list", async () => {
    const grant = await grantFor();
    expect((await listReviews(agency.agencyId, {}, T0)).due).toHaveLength(0);
    const later = addDays(T0, 89);
    expect((await listReviews(agency.agencyId, {}, later)).due.map((g) => g.id)).toEqual([grant.id]);
    const overdue = (await listReviews(agency.agencyId, {}, addDays(T0, 95))).due[0];
    expect(overdue?.overdue).toBe(true);
    await keepGrant(agency.agencyId, grant.id, agency.actor, addDays(T0, 200), later);
    expect((await listReviews(agency.agencyId, {}, later)).due).toHaveLength(0);
    expect(await db.event.count({ where: { grantId: grant.id, type: "grant.review_kept" } })).toBe(1);
  });

  it("end access revokes the grant, emails the client Hotjar's removal steps, then waits for confirmation", async () => {
    const grant = await grantFor();
    await endAccess(agency.agencyId, grant.id, agency.actor, addDays(T0, 1));
    expect((await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).status).toBe("REVOKED");
    const queued = await db.outboundEmail.findFirstOrThrow({ where: { grantId: grant.id, template: "access-ended" } });
    expect(queued.to).toBe("casey@acme-shoes.example");
    await runWorkerCycle(createMailboxTransport(), addDays(T0, 1), false);
    const mail = await db.mailboxMessage.findFirstOrThrow({ where: { outboundEmailId: queued.id } });
    expect(mail.text).toContain(agency.granteeEmail);
    expect(mail.text).toMatch(/X beside it/);
    expect((await listReviews(agency.agencyId, {}, addDays(T0, 1))).awaitingRemoval.map((g) => g.id)).toEqual([grant.id]);
    await confirmRemoval(agency.agencyId, grant.id, agency.actor, addDays(T0, 2));
    expect((await listReviews(agency.agencyId, {}, addDays(T0, 2))).awaitingRemoval).toHaveLength(0);
  });

  it("another agency cannot keep, end or confirm a grant", async () => {
    const grant = await grantFor();
    const other = await makeAgency("Elsewhere");
    await expect(keepGrant(other.agencyId, grant.id, other.actor, addDays(T0, 30))).rejects.toMatchObject({ status: 404 });
    await expect(endAccess(other.agencyId, grant.id, other.actor)).rejects.toMatchObject({ status: 404 });
    await expect(confirmRemoval(other.agencyId, grant.id, other.actor)).rejects.toMatchObject({ status: 404 });
    expect((await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).status).toBe("INVITED");
  });

  it("sends the weekly digest once a week and the access-ending notice once", async () => {
    const endsOn = addDays(T0, 10).toISOString().slice(0, 10);
    await grantFor({ accessEndsOn: endsOn });
    const digestCount = () =>
      db.outboundEmail.count({ where: { agencyId: agency.agencyId, template: "review-notice", payload: { contains: "digest" } } });
    const endingCount = () =>
      db.outboundEmail.count({ where: { agencyId: agency.agencyId, template: "review-notice", payload: { contains: "access-ending" } } });
    await scheduleReviewNotices(addDays(T0, 5));
    expect(await endingCount()).toBe(0);
    await scheduleReviewNotices(addDays(T0, 8));
    await scheduleReviewNotices(addDays(T0, 8.5));
    expect(await endingCount()).toBe(1);
    expect(await digestCount()).toBe(0);
    await scheduleReviewNotices(addDays(T0, 11));
    await scheduleReviewNotices(addDays(T0, 12));
    expect(await digestCount()).toBe(1);
    await scheduleReviewNotices(addDays(T0, 18.5));
    expect(await digestCount()).toBe(2);
  });

  it("archiving a client revokes its open links and lists its grants for review", async () => {
    const grant = await grantFor();
    const open = await makeLink(agency, clientId, { now: T0 });
    const result = await setClientArchived(agency.agencyId, clientId, agency.actor, true, addDays(T0, 1));
    expect(result).toEqual({ linksRevoked: 1, grantsToReview: 1 });
    expect((await db.onboardingLink.findUniqueOrThrow({ where: { id: open.id } })).status).toBe("REVOKED");
    expect((await listReviews(agency.agencyId, {}, addDays(T0, 1))).due.map((g) => g.id)).toEqual([grant.id]);
  });
});
