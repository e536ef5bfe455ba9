// Issue 18: changing clients through /api/v1 over real HTTP: PATCH with the edit form's rules
// (fields left out keep their value, wrong fields named), archive (its open links revoked, the
// count in the answer) and restore; the clients:write scope; another agency's client is 404.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { effectiveLinkStatus } from "~/modules/links/link-state";

import type { TestServer } from "../support/app-server";
import { apiFetch, type CallInit, expectData, expectProblem, newKey, startApiServer } from "./api-helpers";
import { makeAgency, makeClient, makeLink, SITE_A, type TestAgency } from "./helpers";

let server: TestServer;
let agency: TestAgency;
let other: TestAgency;
let secret: string;

beforeAll(async () => {
  server = await startApiServer();
  agency = await makeAgency("Changing Agency");
  other = await makeAgency("Elsewhere Agency");
  secret = (await newKey(agency, ["clients:read", "clients:write"])).secret;
});
afterAll(() => server.close());

const call = (path: string, init: CallInit = {}) => apiFetch(server, path, secret, init);

type ClientData = { id: string; name: string; contactEmail: string; archivedAt: string | null; sites: { hotjarSiteId: string }[] };

describe("PATCH /api/v1/clients/{clientId}", () => {
  it("changes the given fields through the edit form's rules, keeps the others, and records client.updated as the key", async () => {
    const client = await makeClient(agency, "Patch Me Ltd");
    const data = await expectData<ClientData>(
      await call(`/api/v1/clients/${client.id}`, { method: "PATCH", body: { name: "Patched Ltd", contactEmail: "NEW@Patched.example" } }),
    );
    expect(data.name).toBe("Patched Ltd");
    expect(data.contactEmail).toBe("new@patched.example");
    expect(data.sites.map((s) => s.hotjarSiteId).sort()).toEqual([SITE_A, "2345678"].sort());
    const row = await db.client.findUniqueOrThrow({ where: { id: client.id } });
    expect(row.name).toBe("Patched Ltd");
    expect(row.contactName).toBe("Casey Client");
    const event = await db.event.findFirstOrThrow({ where: { clientId: client.id, type: "client.updated" } });
    expect(event.actorType).toBe("api");
    // The whole site list when `sites` is given.
    const fewer = await expectData<ClientData>(
      await call(`/api/v1/clients/${client.id}`, { method: "PATCH", body: { sites: [{ hotjarSiteId: SITE_A, name: "main" }] } }),
    );
    expect(fewer.sites.map((s) => s.hotjarSiteId)).toEqual([SITE_A]);
  });

  it("names the wrong field in a 422 problem and changes nothing", async () => {
    const client = await makeClient(agency, "Stay Same Ltd");
    const bad = await expectProblem(
      await call(`/api/v1/clients/${client.id}`, {
        method: "PATCH",
        body: { contactEmail: "not-an-email", sites: [{ hotjarSiteId: "x", name: "s" }] },
      }),
      422,
    );
    expect(bad.errors?.map((e) => e.field)).toEqual(expect.arrayContaining(["contactEmail", "sites[0].hotjarSiteId"]));
    expect((await db.client.findUniqueOrThrow({ where: { id: client.id } })).contactEmail).toBe("casey@acme-shoes.example");
  });

  it("answers another agency's client with 404 and refuses a key without clients:write with 403", async () => {
    const theirs = await makeClient(other, "Not Yours Ltd");
    await expectProblem(await call(`/api/v1/clients/${theirs.id}`, { method: "PATCH", body: { name: "Taken" } }), 404);
    await expectProblem(await call(`/api/v1/clients/${theirs.id}/archive`, { method: "POST" }), 404);
    await expectProblem(await call(`/api/v1/clients/${theirs.id}/restore`, { method: "POST" }), 404);
    const row = await db.client.findUniqueOrThrow({ where: { id: theirs.id } });
    expect(row.name).toBe("Not Yours Ltd");
    expect(row.archivedAt).toBeNull();
    const readOnly = (await newKey(agency, ["clients:read"])).secret;
    const mine = await makeClient(agency, "Read Only Ltd");
    const refused = await expectProblem(
      await apiFetch(server, `/api/v1/clients/${mine.id}`, readOnly, { method: "PATCH", body: { name: "X" } }),
      403,
    );
    expect(refused.detail).toContain("clients:write");
    await expectProblem(await apiFetch(server, `/api/v1/clients/${mine.id}/archive`, readOnly, { method: "POST" }), 403);
    expect((await db.client.findUniqueOrThrow({ where: { id: mine.id } })).archivedAt).toBeNull();
  });
});

describe("POST /api/v1/clients/{clientId}/archive and /restore", () => {
  it("archives the client, revokes its open links and says how many, then restores it", async () => {
    const client = await makeClient(agency, "Offboard Ltd");
    const link = await makeLink(agency, client.id);
    const archived = await call(`/api/v1/clients/${client.id}/archive`, { method: "POST" });
    const body = (await archived.json()) as { data: ClientData; linksRevoked: number; grantsToReview: number };
    expect(archived.status).toBe(200);
    expect(body.linksRevoked).toBe(1);
    expect(body.data.archivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const row = await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(effectiveLinkStatus(row, new Date())).toBe("REVOKED");
    expect(await db.event.count({ where: { clientId: client.id, type: "client.archived", actorType: "api" } })).toBe(1);
    const restored = await call(`/api/v1/clients/${client.id}/restore`, { method: "POST" });
    expect(restored.status).toBe(200);
    const back = (await restored.json()) as { data: ClientData; linksRevoked: number };
    expect(back.data.archivedAt).toBeNull();
    expect(back.linksRevoked).toBe(0);
    expect((await db.client.findUniqueOrThrow({ where: { id: client.id } })).archivedAt).toBeNull();
  });
});
