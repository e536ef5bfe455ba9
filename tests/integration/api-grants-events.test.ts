// Issue 18: /api/v1/grants (list by client, link and effective status; verify and revoke through
// changeGrant as the grant page) and /api/v1/events (the audit log's filters and cursor), over
// real HTTP: each needs its scope, another agency's ids are 404 or absent, wrong filters are named.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { completeLink } from "~/modules/links/link-page.server";

import type { TestServer } from "../support/app-server";
import { apiFetch, type CallInit, expectData, expectProblem, newKey, startApiServer } from "./api-helpers";
import { makeAgency, makeClient, makeLink, META, SITE_A, SITE_B, type TestAgency } from "./helpers";

let server: TestServer;
let agency: TestAgency;
let other: TestAgency;
let secret: string;

beforeAll(async () => {
  server = await startApiServer();
  agency = await makeAgency("Granting Agency");
  other = await makeAgency("Distant Agency");
  secret = (await newKey(agency, ["grants:read", "grants:write", "events:read"])).secret;
});
afterAll(() => server.close());

const call = (path: string, init: CallInit = {}) => apiFetch(server, path, secret, init);

type GrantData = { id: string; linkId: string; clientId: string; hotjarSiteId: string; status: string; verifiedAt: string | null };
type GrantPage = { data: GrantData[]; nextCursor: string | null };

/** A link of `on` completed by its client on `siteIds`: its grants, INVITED. */
async function completed(on: TestAgency, clientName: string, siteIds = [SITE_A, SITE_B]) {
  const client = await makeClient(on, clientName);
  const link = await makeLink(on, client.id, { siteIds });
  const done = await completeLink(link.token, { clientName: "Casey Client", clientEmail: "casey@acme-shoes.example", siteIds }, META);
  if (!done.ok) throw new Error("completion refused");
  return { clientId: client.id, linkId: link.id, grants: await db.grant.findMany({ where: { linkId: link.id } }) };
}

describe("/api/v1/grants", () => {
  it("lists the agency's grants by client, link and status, a page at a time, never another agency's", async () => {
    const mine = await completed(agency, "Grant List Co");
    const theirs = await completed(other, "Grant List Co");
    const byClient = (await (await call(`/api/v1/grants?clientId=${mine.clientId}`)).json()) as GrantPage;
    expect(byClient.data.map((g) => g.id).sort()).toEqual(mine.grants.map((g) => g.id).sort());
    expect(byClient.data.every((g) => g.status === "INVITED")).toBe(true);
    const all = (await (await call("/api/v1/grants?limit=100")).json()) as GrantPage;
    expect(all.data.map((g) => g.id)).not.toContain(theirs.grants[0]!.id);
    expect((await (await call(`/api/v1/grants?clientId=${theirs.clientId}`)).json()) as GrantPage).toEqual({ data: [], nextCursor: null });
    const paged = (await (await call(`/api/v1/grants?linkId=${mine.linkId}&limit=1`)).json()) as GrantPage;
    expect(paged.data).toHaveLength(1);
    const rest = (await (await call(`/api/v1/grants?linkId=${mine.linkId}&limit=1&cursor=${paged.nextCursor}`)).json()) as GrantPage;
    expect(rest.data).toHaveLength(1);
    expect(rest.data[0]!.id).not.toBe(paged.data[0]!.id);
    // An invitation past Hotjar's lifetime reads INVITE_EXPIRED, in the list and in its filter.
    await db.grant.update({ where: { id: mine.grants[0]!.id }, data: { invitedAt: new Date(Date.now() - 60 * 24 * 3600_000) } });
    const expired = (await (await call(`/api/v1/grants?clientId=${mine.clientId}&status=INVITE_EXPIRED`)).json()) as GrantPage;
    expect(expired.data.map((g) => g.id)).toEqual([mine.grants[0]!.id]);
    const invited = (await (await call(`/api/v1/grants?clientId=${mine.clientId}&status=INVITED`)).json()) as GrantPage;
    expect(invited.data.map((g) => g.id)).toEqual([mine.grants[1]!.id]);
    const bad = await expectProblem(await call("/api/v1/grants?status=GONE&limit=0"), 422);
    expect(bad.errors?.map((e) => e.field).sort()).toEqual(["limit", "status"]);
  });

  it("verifies and revokes a grant as the grant page does (the client is emailed on revoke); 409 when it cannot", async () => {
    const { grants } = await completed(agency, "Grant Change Co", [SITE_A]);
    const grant = grants[0]!;
    const verified = await expectData<GrantData>(await call(`/api/v1/grants/${grant.id}/verify`, { method: "POST" }));
    expect(verified).toMatchObject({ id: grant.id, status: "ACTIVE" });
    expect(verified.verifiedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await db.event.count({ where: { grantId: grant.id, type: "grant.verified", actorType: "api" } })).toBe(1);
    await expectProblem(await call(`/api/v1/grants/${grant.id}/verify`, { method: "POST" }), 409);
    const revoked = await expectData<GrantData>(await call(`/api/v1/grants/${grant.id}/revoke`, { method: "POST" }));
    expect(revoked.status).toBe("REVOKED");
    expect(await db.outboundEmail.count({ where: { template: "access-ended", payload: { contains: grant.id } } })).toBe(1);
  });

  it("answers another agency's grant with 404, and refuses keys without grants:read or grants:write with 403", async () => {
    const theirs = (await completed(other, "Foreign Grant Co", [SITE_A])).grants[0]!;
    await expectProblem(await call(`/api/v1/grants/${theirs.id}/verify`, { method: "POST" }), 404);
    await expectProblem(await call(`/api/v1/grants/${theirs.id}/revoke`, { method: "POST" }), 404);
    expect((await db.grant.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("INVITED");
    const readOnly = (await newKey(agency, ["grants:read", "links:write"])).secret;
    const mine = (await completed(agency, "Scoped Grant Co", [SITE_A])).grants[0]!;
    expect(
      (await expectProblem(await apiFetch(server, `/api/v1/grants/${mine.id}/verify`, readOnly, { method: "POST" }), 403)).detail,
    ).toContain("grants:write");
    await expectProblem(await apiFetch(server, `/api/v1/grants/${mine.id}/revoke`, readOnly, { method: "POST" }), 403);
    expect((await db.grant.findUniqueOrThrow({ where: { id: mine.id } })).status).toBe("INVITED");
    const noRead = (await newKey(agency, ["links:read"])).secret;
    await expectProblem(await apiFetch(server, "/api/v1/grants", noRead), 403);
  });
});

describe("/api/v1/events", () => {
  type EventPage = {
    data: { id: string; type: string; sentence: string; clientId: string | null; createdAt: string }[];
    nextCursor: string | null;
  };

  it("lists the agency's audit log with the audit page's filters and cursor, in sentences, never another agency's", async () => {
    const fresh = await makeAgency("Audited Agency");
    const key = (await newKey(fresh, ["events:read"])).secret;
    const client = await makeClient(fresh, "Audited Co");
    await makeLink(fresh, client.id);
    await makeClient(other, "Audited Elsewhere");
    const links = (await (await apiFetch(server, "/api/v1/events?type=link", key)).json()) as EventPage;
    expect(links.data.map((e) => e.type)).toEqual(["link.created"]);
    expect(links.data[0]!.sentence).toBeTruthy();
    expect(links.data[0]!.clientId).toBe(client.id);
    const byClient = (await (await apiFetch(server, `/api/v1/events?client=${client.id}`, key)).json()) as EventPage;
    expect(byClient.data.map((e) => e.type).sort()).toEqual(["client.created", "link.created"]);
    const all = (await (await apiFetch(server, "/api/v1/events", key)).json()) as EventPage;
    expect(all.data.some((e) => e.type === "client.created" && e.clientId === client.id)).toBe(true);
    const otherClients = await db.client.findMany({ where: { agencyId: other.agencyId }, select: { id: true } });
    expect(all.data.some((e) => otherClients.some((c) => c.id === e.clientId))).toBe(false);
    // The events of this very call's key are in the log too: page through with the cursor.
    const first = (await (await apiFetch(server, "/api/v1/events?type=api", key)).json()) as EventPage;
    expect(first.data.every((e) => e.type.startsWith("api."))).toBe(true);
  });

  it("pages with nextCursor, and names a filter it cannot use in a 422 problem", async () => {
    const fresh = await makeAgency("Long Log Agency");
    const key = (await newKey(fresh, ["events:read"])).secret;
    for (let i = 0; i < 26; i++) await makeClient(fresh, `Logged ${i}`);
    const first = (await (await apiFetch(server, "/api/v1/events?type=client.created", key)).json()) as EventPage;
    expect(first.data).toHaveLength(26);
    for (let i = 0; i < 26; i++) await makeClient(fresh, `Logged more ${i}`);
    const page1 = (await (await apiFetch(server, "/api/v1/events?type=client.created", key)).json()) as EventPage;
    expect(page1.data).toHaveLength(50);
    const page2 = (await (
      await apiFetch(server, `/api/v1/events?type=client.created&cursor=${page1.nextCursor}`, key)
    ).json()) as EventPage;
    expect(page2.data).toHaveLength(2);
    expect(page2.nextCursor).toBeNull();
    const bad = await expectProblem(await apiFetch(server, "/api/v1/events?from=2026-13-45&actor=robot", key), 422);
    expect(bad.errors?.map((e) => e.field).sort()).toEqual(["actor", "from"]);
    const reversed = await expectProblem(await apiFetch(server, "/api/v1/events?from=2026-03-10&to=2026-03-01", key), 422);
    expect(reversed.errors?.[0]?.field).toBe("to");
  });

  it("refuses a key without events:read with 403", async () => {
    const noEvents = (await newKey(agency, ["grants:read"])).secret;
    expect((await expectProblem(await apiFetch(server, "/api/v1/events", noEvents), 403)).detail).toContain("events:read");
  });
});
