import { addDays, addMinutes } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { changeGrant, listClientGrants } from "~/modules/grants/grants.server";
import { AppError } from "~/modules/http/errors";
import { completeLink } from "~/modules/links/link-page.server";

import { makeAgency, makeClient, makeLink, META, nowSeconds, SITE_A, SITE_B, type TestAgency } from "./helpers";

let agency: TestAgency;
let clientId: string;
const T0 = nowSeconds();

beforeAll(async () => {
  agency = await makeAgency();
  clientId = (await makeClient(agency)).id;
});

/** A completed link with its INVITED grants. */
async function grantedSites(siteIds = [SITE_A]) {
  const link = await makeLink(agency, clientId, { siteIds, now: T0 });
  const result = await completeLink(
    link.token,
    { clientName: "Casey Client", clientEmail: "casey@acme-shoes.example", siteIds },
    META,
    addMinutes(T0, 1),
  );
  if (!result.ok) throw new Error("completion refused");
  return db.grant.findMany({ where: { linkId: link.id }, orderBy: { hotjarSiteId: "asc" } });
}

describe("changeGrant", () => {
  it("verify: INVITED -> ACTIVE with verifiedAt and a grant.verified event", async () => {
    const [grant] = await grantedSites();
    const at = addMinutes(T0, 30);
    const changed = await changeGrant(agency.agencyId, grant!.id, "verify", agency.actor, at);
    expect(changed.status).toBe("ACTIVE");

    const row = await db.grant.findUniqueOrThrow({ where: { id: grant!.id } });
    expect(row.status).toBe("ACTIVE");
    expect(row.verifiedAt?.toISOString()).toBe(at.toISOString());
    const events = await db.event.findMany({ where: { grantId: grant!.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "grant.verified", actorType: "staff", actorId: agency.userId, linkId: grant!.linkId });
    expect(JSON.parse(events[0]!.details)).toEqual({ hotjarSiteId: SITE_A });
  });

  it("revoke: ACTIVE -> REVOKED, then verifying it again is refused with 409", async () => {
    const [grant] = await grantedSites();
    await changeGrant(agency.agencyId, grant!.id, "verify", agency.actor, addMinutes(T0, 2));
    const revoked = await changeGrant(agency.agencyId, grant!.id, "revoke", agency.actor, addMinutes(T0, 3));
    expect(revoked.status).toBe("REVOKED");
    const row = await db.grant.findUniqueOrThrow({ where: { id: grant!.id } });
    expect(row.status).toBe("REVOKED");
    expect(row.revokedAt?.toISOString()).toBe(addMinutes(T0, 3).toISOString());

    const attempt = changeGrant(agency.agencyId, grant!.id, "verify", agency.actor, addMinutes(T0, 4));
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(changeGrant(agency.agencyId, grant!.id, "verify", agency.actor)).rejects.toMatchObject({
      status: 409,
      message: "This access has been revoked.",
    });
    await expect(changeGrant(agency.agencyId, grant!.id, "revoke", agency.actor)).rejects.toMatchObject({ status: 409 });
    expect((await db.grant.findUniqueOrThrow({ where: { id: grant!.id } })).status).toBe("REVOKED");
    expect(await db.event.count({ where: { grantId: grant!.id } })).toBe(2);
  });

  it("an INVITED grant can be revoked directly; verifying an ACTIVE one twice is refused", async () => {
    const [a, b] = await grantedSites([SITE_A, SITE_B]);
    expect((await changeGrant(agency.agencyId, a!.id, "revoke", agency.actor)).status).toBe("REVOKED");
    await changeGrant(agency.agencyId, b!.id, "verify", agency.actor);
    await expect(changeGrant(agency.agencyId, b!.id, "verify", agency.actor)).rejects.toMatchObject({ status: 409 });
  });

  it("simultaneous verifications: one succeeds, the others get 409", async () => {
    const [grant] = await grantedSites();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => changeGrant(agency.agencyId, grant!.id, "verify", agency.actor)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    }
    expect(await db.event.count({ where: { grantId: grant!.id, type: "grant.verified" } })).toBe(1);
  });

  it("an unknown grant id is 404", async () => {
    await expect(changeGrant(agency.agencyId, "cnotagrant00000000000000", "verify", agency.actor)).rejects.toMatchObject({ status: 404 });
  });
});

describe("listClientGrants", () => {
  it("lists the client's grants; an unverified invitation reads INVITE_EXPIRED after 7 days", async () => {
    const [grant] = await grantedSites();
    const soon = await listClientGrants(agency.agencyId, clientId, addDays(T0, 1));
    expect(soon.find((g) => g.id === grant!.id)?.effectiveStatus).toBe("INVITED");
    const late = await listClientGrants(agency.agencyId, clientId, addDays(T0, 8));
    expect(late.find((g) => g.id === grant!.id)?.effectiveStatus).toBe("INVITE_EXPIRED");
    // Still verifiable once the client resends the invitation.
    expect((await changeGrant(agency.agencyId, grant!.id, "verify", agency.actor, addDays(T0, 8))).status).toBe("ACTIVE");
  });
});
