// Every staff service that takes an agencyId, called with agency B's id on agency A's rows:
// not found (404) or empty, and A's rows unchanged.
import { addMinutes } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";

import { getClient, listClients, setClientArchived, updateClient } from "~/modules/clients/clients.server";
import { ClientSchema } from "~/modules/clients/schemas";
import { getDashboard } from "~/modules/dashboard/dashboard.server";
import { db } from "~/modules/db/db.server";
import { changeGrant, listClientGrants } from "~/modules/grants/grants.server";
import { completeLink, openLinkPage } from "~/modules/links/link-page.server";
import { createLink, getLink, listLinks, reissueLink, revokeLink } from "~/modules/links/links.server";

import { linkInput, makeAgency, makeClient, makeLink, META, nowSeconds, SITE_A, type TestAgency } from "./helpers";

let a: TestAgency;
let b: TestAgency;
let clientA: string;
let pendingLinkA: string;
let grantA: string;
const T0 = nowSeconds();
const NOW = addMinutes(T0, 10);

/** Everything of agency A that a foreign call could touch. */
async function snapshotA() {
  return {
    clients: await db.client.findMany({ where: { agencyId: a.agencyId }, include: { sites: true }, orderBy: { id: "asc" } }),
    links: await db.onboardingLink.findMany({ where: { agencyId: a.agencyId }, orderBy: { id: "asc" } }),
    grants: await db.grant.findMany({ where: { agencyId: a.agencyId }, orderBy: { id: "asc" } }),
    events: await db.event.count({ where: { agencyId: a.agencyId } }),
    eventsB: await db.event.count({ where: { agencyId: b.agencyId } }),
  };
}

beforeAll(async () => {
  a = await makeAgency("Agency A");
  b = await makeAgency("Agency B");
  clientA = (await makeClient(a, "Client of A")).id;
  await makeClient(b, "Client of B");
  pendingLinkA = (await makeLink(a, clientA, { now: T0 })).id;
  const opened = await makeLink(a, clientA, { now: T0 });
  await openLinkPage(opened.token, META, addMinutes(T0, 1));
  const done = await makeLink(a, clientA, { now: T0 });
  const result = await completeLink(
    done.token,
    { clientName: "Casey", clientEmail: "casey@a.example", siteIds: [SITE_A] },
    META,
    addMinutes(T0, 2),
  );
  if (!result.ok) throw new Error("setup: completion refused");
  grantA = (await db.grant.findFirstOrThrow({ where: { linkId: done.id } })).id;
});

describe("agency B cannot see or change agency A's rows", () => {
  let before: Awaited<ReturnType<typeof snapshotA>>;
  beforeAll(async () => {
    before = await snapshotA();
  });

  const notFound = { status: 404 };

  it("getClient", async () => {
    await expect(getClient(b.agencyId, clientA)).rejects.toMatchObject(notFound);
  });

  it("updateClient", async () => {
    const input = ClientSchema.parse({
      name: "Hijacked",
      contactName: "Mallory",
      contactEmail: "mallory@evil.example",
      hotjarOrganizationId: "",
      sites: [{ hotjarSiteId: "6666666", name: "evil.example", url: "" }],
    });
    await expect(updateClient(b.agencyId, clientA, b.actor, input)).rejects.toMatchObject(notFound);
  });

  it("setClientArchived", async () => {
    await expect(setClientArchived(b.agencyId, clientA, b.actor, true)).rejects.toMatchObject(notFound);
  });

  it("listClients", async () => {
    const active = await listClients(b.agencyId);
    expect(active.items.map((c) => c.name)).toEqual(["Client of B"]);
    expect((await listClients(b.agencyId, { q: "Client of A" })).items).toEqual([]);
    expect((await listClients(b.agencyId, { archived: true })).items).toEqual([]);
  });

  it("createLink with A's client", async () => {
    const result = await createLink(b.agencyId, b.actor, linkInput(clientA, b));
    expect(result).toEqual({ ok: false, fieldErrors: { clientId: [expect.any(String)] } });
  });

  it("listLinks", async () => {
    expect((await listLinks(b.agencyId, {}, NOW)).items).toEqual([]);
    for (const status of ["PENDING", "OPENED", "COMPLETED"] as const) {
      expect((await listLinks(b.agencyId, { status }, NOW)).items).toEqual([]);
    }
  });

  it("getLink", async () => {
    await expect(getLink(b.agencyId, pendingLinkA, NOW)).rejects.toMatchObject(notFound);
  });

  it("revokeLink", async () => {
    await expect(revokeLink(b.agencyId, pendingLinkA, b.actor, NOW)).rejects.toMatchObject(notFound);
  });

  it("reissueLink", async () => {
    await expect(reissueLink(b.agencyId, pendingLinkA, b.actor, 7, NOW)).rejects.toMatchObject(notFound);
  });

  it("changeGrant (verify and revoke)", async () => {
    await expect(changeGrant(b.agencyId, grantA, "verify", b.actor, NOW)).rejects.toMatchObject(notFound);
    await expect(changeGrant(b.agencyId, grantA, "revoke", b.actor, NOW)).rejects.toMatchObject(notFound);
  });

  it("listClientGrants", async () => {
    expect(await listClientGrants(b.agencyId, clientA, NOW)).toEqual([]);
  });

  it("getDashboard", async () => {
    const dashboard = await getDashboard(b.agencyId, NOW);
    expect(dashboard.counts).toEqual({ PENDING: 0, OPENED: 0, COMPLETED: 0, DECLINED: 0, EXPIRED: 0, REVOKED: 0 });
    expect(dashboard.expiringSoon).toEqual([]);
    expect(dashboard.newLinkRequests).toEqual([]);
    expect(dashboard.events.every((e) => e.agencyId === b.agencyId)).toBe(true);
  });

  it("left every row of A unchanged, and wrote no event for either agency", async () => {
    expect(await snapshotA()).toEqual(before);
  });

  it("A itself still sees its rows (the scoping is not just refusing everything)", async () => {
    expect((await getClient(a.agencyId, clientA)).name).toBe("Client of A");
    expect((await listLinks(a.agencyId, {}, NOW)).items).toHaveLength(3);
    expect(await listClientGrants(a.agencyId, clientA, NOW)).toHaveLength(1);
    expect((await getDashboard(a.agencyId, NOW)).counts).toMatchObject({ PENDING: 1, OPENED: 1, COMPLETED: 1 });
  });
});
