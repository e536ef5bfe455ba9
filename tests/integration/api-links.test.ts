// Issue 18: /api/v1/links over real HTTP: the links page's filters and cursor, creating a link
// through createLinkIn for the key's maker (idempotent with Idempotency-Key), the "already granted"
// rule, one link with its sites, grants and URL, and the link page's send (verified maker only),
// revoke and reissue. Each needs its scope; another agency's link is 404; wrong fields are named.
import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { changeGrant } from "~/modules/grants/grants.server";
import { completeLink } from "~/modules/links/link-page.server";
import { LinkListQuerySchema } from "~/modules/links/schemas";

import type { TestServer } from "../support/app-server";
import { apiFetch, type CallInit, expectData, expectProblem, newKey, startApiServer } from "./api-helpers";
import { makeAgency, makeClient, makeLink, META, SITE_A, SITE_B, type TestAgency, tokenOf } from "./helpers";

let server: TestServer;
let agency: TestAgency;
let other: TestAgency;
let secret: string;
let keyId: string;
let clientId: string;

beforeAll(async () => {
  server = await startApiServer();
  agency = await makeAgency("Linking Agency");
  other = await makeAgency("Foreign Agency");
  const key = await newKey(agency, ["links:read", "links:write"]);
  secret = key.secret;
  keyId = key.key.id;
  clientId = (await makeClient(agency, "Linked Shoes")).id;
});
afterAll(() => server.close());

const call = (path: string, init: CallInit = {}) => apiFetch(server, path, secret, init);

type LinkData = {
  id: string;
  status: string;
  url: string | null;
  client: { id: string; name: string };
  sites: { hotjarSiteId: string; name: string | null }[];
  grants: { id: string; status: string; hotjarSiteId: string }[];
  expiresAt: string;
  createdAt: string;
  sentAt: string | null;
};
type Page = { data: LinkData[]; nextCursor: string | null };

function body(extra: Record<string, unknown> = {}) {
  return {
    clientId,
    role: "VIEWER",
    siteIds: [SITE_A],
    granteeEmail: agency.granteeEmail,
    recipientEmail: "casey@acme-shoes.example",
    reason: "Heatmaps of the new checkout",
    lifetimeValue: 7,
    lifetimeUnit: "days",
    ...extra,
  };
}

/** A link of `on` completed by its client on `siteIds`, the grants verified (ACTIVE). */
async function grantedLink(on: TestAgency, client: string, siteIds: string[]) {
  const link = await makeLink(on, client, { siteIds });
  const done = await completeLink(link.token, { clientName: "Casey Client", clientEmail: "casey@acme-shoes.example", siteIds }, META);
  if (!done.ok) throw new Error("completion refused");
  const grants = await db.grant.findMany({ where: { linkId: link.id } });
  for (const g of grants) await changeGrant(on.agencyId, g.id, "verify", on.actor);
  return { link, grants };
}

describe("POST /api/v1/links", () => {
  it("creates a link for the key's maker with its URL, recorded as the key; the same Idempotency-Key makes it once", async () => {
    const key = randomUUID();
    const first = await call("/api/v1/links", { method: "POST", body: body(), headers: { "Idempotency-Key": key } });
    const text = await first.text();
    expect(first.status).toBe(201);
    const created = (JSON.parse(text) as { data: LinkData }).data;
    expect(created.url).toMatch(/\/l\//);
    expect(created.status).toBe("PENDING");
    expect(created.sites).toEqual([{ hotjarSiteId: SITE_A, name: "acme-shoes.example" }]);
    expect(new Date(created.expiresAt).toISOString()).toBe(created.expiresAt);
    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.createdById).toBe(agency.userId);
    const event = await db.event.findFirstOrThrow({ where: { linkId: created.id, type: "link.created" } });
    expect(event).toMatchObject({ actorType: "api", actorId: keyId });
    // The answer was lost: the program sends the same call again.
    const again = await call("/api/v1/links", { method: "POST", body: body(), headers: { "Idempotency-Key": key } });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.text()).toBe(text);
    expect(await db.onboardingLink.count({ where: { agencyId: agency.agencyId, reason: "Heatmaps of the new checkout" } })).toBe(1);
    // The same key with another body: refused, nothing made.
    const changed = await expectProblem(
      await call("/api/v1/links", {
        method: "POST",
        body: body({ reason: "Another reason entirely" }),
        headers: { "Idempotency-Key": key },
      }),
      422,
    );
    expect(changed.errors?.[0]?.field).toBe("Idempotency-Key");
    expect(await db.onboardingLink.count({ where: { agencyId: agency.agencyId, reason: "Another reason entirely" } })).toBe(0);
  });

  it("names the wrong fields in a 422 problem: CreateLinkSchema's, and createLinkIn's (a foreign client, a site not the client's)", async () => {
    const schema = await expectProblem(await call("/api/v1/links", { method: "POST", body: body({ reason: "x", siteIds: [] }) }), 422);
    expect(schema.errors?.map((e) => e.field)).toEqual(expect.arrayContaining(["reason", "siteIds"]));
    const foreignClient = (await makeClient(other, "Not Theirs")).id;
    const foreign = await expectProblem(await call("/api/v1/links", { method: "POST", body: body({ clientId: foreignClient }) }), 422);
    expect(foreign.errors?.[0]?.field).toBe("clientId");
    const site = await expectProblem(await call("/api/v1/links", { method: "POST", body: body({ siteIds: ["7777777"] }) }), 422);
    expect(site.errors?.[0]?.field).toBe("siteIds");
    expect(await db.onboardingLink.count({ where: { clientId: foreignClient } })).toBe(0);
  });

  it("refuses to ask again for an actively granted site without confirmAlreadyGranted, naming siteIds; with it, makes the link", async () => {
    const client = (await makeClient(agency, "Granted Shoes")).id;
    await grantedLink(agency, client, [SITE_A]);
    const before = await db.onboardingLink.count({ where: { clientId: client } });
    const refused = await expectProblem(
      await call("/api/v1/links", { method: "POST", body: body({ clientId: client, siteIds: [SITE_A, SITE_B] }) }),
      409,
    );
    expect(refused.errors).toEqual([{ field: "siteIds", message: expect.stringContaining(SITE_A) }]);
    expect(refused.detail).toContain("confirmAlreadyGranted");
    expect(await db.onboardingLink.count({ where: { clientId: client } })).toBe(before);
    // A site not yet granted needs no yes.
    await expectData(await call("/api/v1/links", { method: "POST", body: body({ clientId: client, siteIds: [SITE_B] }) }), 201);
    const confirmed = await expectData<LinkData>(
      await call("/api/v1/links", { method: "POST", body: body({ clientId: client, siteIds: [SITE_A], confirmAlreadyGranted: true }) }),
      201,
    );
    expect(confirmed.sites.map((s) => s.hotjarSiteId)).toEqual([SITE_A]);
  });

  it("refuses a key without links:write with 403 and makes nothing", async () => {
    const readOnly = (await newKey(agency, ["links:read"])).secret;
    const refused = await expectProblem(
      await apiFetch(server, "/api/v1/links", readOnly, { method: "POST", body: body({ reason: "Read only key" }) }),
      403,
    );
    expect(refused.detail).toContain("links:write");
    expect(await db.onboardingLink.count({ where: { reason: "Read only key" } })).toBe(0);
  });
});

describe("GET /api/v1/links and /links/{linkId}", () => {
  it("lists the agency's links newest first with the links page's filters and a cursor, never another agency's", async () => {
    const client = (await makeClient(agency, "Listed Boots")).id;
    const open = await makeLink(agency, client);
    const revoked = await makeLink(agency, client);
    await call(`/api/v1/links/${revoked.id}/revoke`, { method: "POST" });
    const theirs = await makeLink(other, (await makeClient(other, "Listed Boots")).id);
    const searched = (await (await call("/api/v1/links?q=Listed%20Boots")).json()) as Page;
    expect(searched.data.map((l) => l.id)).toEqual([revoked.id, open.id]);
    expect(searched.data.map((l) => l.id)).not.toContain(theirs.id);
    expect(searched.data[1]).toMatchObject({ status: "PENDING", client: { id: client, name: "Listed Boots" } });
    expect(searched.data[1]!.url).toBe(open.url);
    expect(searched.data[0]).toMatchObject({ status: "REVOKED", url: null });
    const onlyRevoked = (await (await call("/api/v1/links?status=REVOKED&q=Listed%20Boots")).json()) as Page;
    expect(onlyRevoked.data.map((l) => l.id)).toEqual([revoked.id]);
    const bad = await expectProblem(await call("/api/v1/links?status=LOST"), 422);
    expect(bad.errors?.[0]?.field).toBe("status");
  });

  it("refuses, naming the field, exactly the filter values the links page drops (one rule: LinkListQuerySchema)", async () => {
    const cases: Array<[string, string]> = [
      ["status", "LOST"],
      ["q", "x".repeat(101)],
      ["cursor", "NOT-A-CURSOR"],
    ];
    for (const [field, value] of cases) {
      expect(LinkListQuerySchema.parse({ [field]: value })[field as "status"]).toBeUndefined();
      const refused = await expectProblem(await call(`/api/v1/links?${field}=${encodeURIComponent(value)}`), 422);
      expect(refused.errors?.[0]?.field).toBe(field);
    }
    expect((await expectProblem(await call(`/api/v1/links?q=${"x".repeat(101)}`), 422)).errors?.[0]?.message).toBe(
      "Keep the search under 100 characters",
    );
    // What the page keeps, the API takes: every status, a search trimmed to 100, a cursor-shaped id.
    for (const status of LinkListQuerySchema.shape.status.removeCatch().unwrap().options)
      expect((await call(`/api/v1/links?status=${status}`)).status).toBe(200);
    expect((await call(`/api/v1/links?q=${encodeURIComponent(`  ${"x".repeat(100)}  `)}`)).status).toBe(200);
    expect((await call("/api/v1/links?cursor=abcdefgh12")).status).toBe(200);
  });

  it("answers a malformed id in the path with a 404 problem before reading the body or the database", async () => {
    const all = (await newKey(agency, ["links:read", "links:write", "clients:read", "clients:write", "grants:write"])).secret;
    const ask = (path: string, init: CallInit = {}) => apiFetch(server, path, all, init);
    // A NUL byte is no id (PostgreSQL would refuse it in a query).
    expect((await expectProblem(await ask("/api/v1/links/abc%00defgh"), 404)).detail).toBe("Link not found.");
    // Even with a wrong body: the path names nothing, so there is nothing to validate it against.
    await expectProblem(await ask("/api/v1/links/NOT-AN-ID/reissue", { method: "POST", body: { lifetimeDays: 99 } }), 404);
    await expectProblem(await ask("/api/v1/links/NOT-AN-ID/send", { method: "POST" }), 404);
    await expectProblem(await ask(`/api/v1/clients/${"a".repeat(41)}`), 404);
    await expectProblem(await ask("/api/v1/clients/Bad_Id_1/archive", { method: "POST" }), 404);
    await expectProblem(await ask("/api/v1/grants/x/verify", { method: "POST" }), 404);
  });

  it("pages 50 links at a time with nextCursor, each link once, or ?limit= at a time", async () => {
    const fresh = await makeAgency("Many Links Agency");
    const client = (await makeClient(fresh, "Paged Co")).id;
    for (let i = 0; i < 52; i++) await makeLink(fresh, client);
    const key = (await newKey(fresh, ["links:read"])).secret;
    const first = (await (await apiFetch(server, "/api/v1/links", key)).json()) as Page;
    expect(first.data).toHaveLength(50);
    expect(first.nextCursor).toBeTruthy();
    const second = (await (await apiFetch(server, `/api/v1/links?cursor=${first.nextCursor}`, key)).json()) as Page;
    expect(second.data).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.data, ...second.data].map((l) => l.id)).size).toBe(52);
    // ?limit= sets the page size (1-100), as on /clients; a wrong one is a field problem.
    const byTwenty = (await (await apiFetch(server, "/api/v1/links?limit=20", key)).json()) as Page;
    expect(byTwenty.data.map((l) => l.id)).toEqual(first.data.slice(0, 20).map((l) => l.id));
    const tooMany = await apiFetch(server, "/api/v1/links?limit=500", key);
    expect(tooMany.status).toBe(422);
    expect(JSON.stringify(await tooMany.json())).toContain("limit");
  });

  it("answers one link with its sites, grants and URL while open; another agency's link is 404; links:read is needed", async () => {
    const client = (await makeClient(agency, "Detailed Co")).id;
    const { link, grants } = await grantedLink(agency, client, [SITE_A, SITE_B]);
    const data = await expectData<LinkData>(await call(`/api/v1/links/${link.id}`));
    expect(data.status).toBe("COMPLETED");
    expect(data.url).toBeNull();
    expect(data.grants.map((g) => g.id).sort()).toEqual(grants.map((g) => g.id).sort());
    expect(data.grants.every((g) => g.status === "ACTIVE")).toBe(true);
    const open = await makeLink(agency, client);
    expect((await expectData<LinkData>(await call(`/api/v1/links/${open.id}`))).url).toBe(open.url);
    const theirs = await makeLink(other, (await makeClient(other)).id);
    await expectProblem(await call(`/api/v1/links/${theirs.id}`), 404);
    const clientsOnly = (await newKey(agency, ["clients:read"])).secret;
    await expectProblem(await apiFetch(server, "/api/v1/links", clientsOnly), 403);
    await expectProblem(await apiFetch(server, `/api/v1/links/${open.id}`, clientsOnly), 403);
  });
});

describe("POST /api/v1/links/{linkId}/send, /revoke, /reissue", () => {
  it("sends a link by email as the link page does, and refuses a key whose maker has not verified their email", async () => {
    const link = await makeLink(agency, clientId);
    const sent = (await (await call(`/api/v1/links/${link.id}/send`, { method: "POST" })).json()) as { data: LinkData; sentTo: string };
    expect(sent.sentTo).toBe("casey@acme-shoes.example");
    expect(sent.data.sentAt).not.toBeNull();
    expect(await db.outboundEmail.count({ where: { linkId: link.id, template: "link-invitation" } })).toBe(1);
    expect(await db.event.count({ where: { linkId: link.id, type: "link.sent", actorType: "api" } })).toBe(1);

    const unverified = await makeAgency("Unverified Agency", { verified: false });
    // Making a link needs no verified address; emailing one does, on the page and here.
    const theirLink = await makeLink(unverified, (await makeClient(unverified)).id);
    const key = (await newKey(unverified, ["links:write"])).secret;
    const refused = await expectProblem(await apiFetch(server, `/api/v1/links/${theirLink.id}/send`, key, { method: "POST" }), 403);
    expect(refused.detail).toMatch(/verif/i);
    expect(await db.outboundEmail.count({ where: { linkId: theirLink.id, template: "link-invitation" } })).toBe(0);
  });

  it("revokes an open link (it no longer has a URL), and answers 409 when it is no longer open", async () => {
    const link = await makeLink(agency, clientId);
    const revoked = await expectData<LinkData>(await call(`/api/v1/links/${link.id}/revoke`, { method: "POST" }));
    expect(revoked).toMatchObject({ status: "REVOKED", url: null });
    expect((await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).status).toBe("REVOKED");
    expect(await db.event.count({ where: { linkId: link.id, type: "link.revoked", actorType: "api" } })).toBe(1);
    await expectProblem(await call(`/api/v1/links/${link.id}/revoke`, { method: "POST" }), 409);
  });

  it("reissues a link with a new URL (ReissueSchema), naming a wrong lifetimeDays", async () => {
    const link = await makeLink(agency, clientId);
    const bad = await expectProblem(await call(`/api/v1/links/${link.id}/reissue`, { method: "POST", body: { lifetimeDays: 99 } }), 422);
    expect(bad.errors?.[0]?.field).toBe("lifetimeDays");
    const reissued = await expectData<LinkData>(
      await call(`/api/v1/links/${link.id}/reissue`, { method: "POST", body: { lifetimeDays: 3 } }),
    );
    expect(reissued.url).toBeTruthy();
    expect(tokenOf(reissued.url!)).not.toBe(link.token);
    expect((await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).tokenVersion).toBe(2);
  });

  it("answers another agency's link with 404 for send, revoke and reissue, and changes nothing", async () => {
    const theirs = await makeLink(other, (await makeClient(other)).id);
    await expectProblem(await call(`/api/v1/links/${theirs.id}/send`, { method: "POST" }), 404);
    await expectProblem(await call(`/api/v1/links/${theirs.id}/revoke`, { method: "POST" }), 404);
    await expectProblem(await call(`/api/v1/links/${theirs.id}/reissue`, { method: "POST", body: { lifetimeDays: 3 } }), 404);
    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: theirs.id } });
    expect(row).toMatchObject({ status: "PENDING", tokenVersion: 1, sentAt: null });
    const readOnly = (await newKey(agency, ["links:read"])).secret;
    const mine = await makeLink(agency, clientId);
    for (const action of ["send", "revoke", "reissue"]) {
      await expectProblem(
        await apiFetch(server, `/api/v1/links/${mine.id}/${action}`, readOnly, { method: "POST", body: { lifetimeDays: 3 } }),
        403,
      );
    }
    expect(await db.onboardingLink.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({
      status: "PENDING",
      tokenVersion: 1,
      sentAt: null,
    });
  });
});
