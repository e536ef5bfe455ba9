import { addMinutes } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { completeLink, declineLink } from "~/modules/links/link-page.server";
import { revokeLink } from "~/modules/links/links.server";

import { eventsOf, makeAgency, makeClient, makeLink, META, nowSeconds, SITE_A, SITE_B, type TestAgency } from "./helpers";

let agency: TestAgency;
let clientId: string;
const T0 = nowSeconds();
const CLICKS = 200;

beforeAll(async () => {
  agency = await makeAgency();
  clientId = (await makeClient(agency)).id;
});

const input = (name: string) => ({ clientName: name, clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A, SITE_B] });

describe("simultaneous clicks on one link", () => {
  it(`${CLICKS} simultaneous completions: exactly one wins, no duplicate grants, one event`, async () => {
    const link = await makeLink(agency, clientId, { siteIds: [SITE_A, SITE_B], now: T0 });
    const now = addMinutes(T0, 5);

    // allSettled: a throw would be a failure of its own (the client would see a 500).
    const settled = await Promise.allSettled(
      Array.from({ length: CLICKS }, (_, i) => completeLink(link.token, input(`Click ${i}`), META, now)),
    );
    const rejected = settled.filter((s) => s.status === "rejected");
    expect(rejected.map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const results = settled.map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<typeof completeLink>>>).value);

    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    const losers = results.filter((r) => !r.ok);
    expect(losers).toHaveLength(CLICKS - 1);
    for (const r of losers) {
      expect(r).toMatchObject({ ok: false, kind: "refused", message: "This link has already been completed." });
    }

    const grants = await db.grant.findMany({ where: { linkId: link.id } });
    expect(grants.map((g) => g.hotjarSiteId).sort()).toEqual([SITE_A, SITE_B]);
    // Both grants come from the one winning click.
    expect(new Set(grants.map((g) => g.grantedByName)).size).toBe(1);
    expect(await eventsOf(link.id, "link.completed")).toHaveLength(1);

    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.status).toBe("COMPLETED");
    expect(row.completedAt?.toISOString()).toBe(now.toISOString());
  });

  it("completion, decline and revocation racing: one outcome, and the row agrees with it", async () => {
    const link = await makeLink(agency, clientId, { siteIds: [SITE_A], now: T0 });
    const now = addMinutes(T0, 5);
    const ops: Promise<string>[] = [];
    for (let i = 0; i < 60; i++) {
      ops.push(completeLink(link.token, { ...input(`C${i}`), siteIds: [SITE_A] }, META, now).then((r) => (r.ok ? "COMPLETED" : "lost")));
      ops.push(declineLink(link.token, null, META, now).then((r) => (r.ok ? "DECLINED" : "lost")));
      ops.push(
        revokeLink(agency.agencyId, link.id, agency.actor, now).then(
          () => "REVOKED",
          (e: { status?: number }) => (e.status === 409 ? "lost" : Promise.reject(e)),
        ),
      );
    }
    const outcomes = await Promise.all(ops);
    const won = outcomes.filter((o) => o !== "lost");
    expect(won).toHaveLength(1);

    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.status).toBe(won[0]);
    expect(await db.grant.count({ where: { linkId: link.id } })).toBe(row.status === "COMPLETED" ? 1 : 0);
    const closing = await db.event.count({ where: { linkId: link.id, type: { in: ["link.completed", "link.declined", "link.revoked"] } } });
    expect(closing).toBe(1);
  });
});
