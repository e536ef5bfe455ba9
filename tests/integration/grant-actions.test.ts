// The grant's route (issue 15, items 3-4): "Mark verified" is one post with no question (a
// dashboard's one-click verify), "Revoke grant" emails the client so it is asked first; both
// go back where they came from (a path on this site only) with a message naming the access.
import type { ActionFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";

import { startSession } from "~/modules/auth/auth.server";
import { db } from "~/modules/db/db.server";
import { completeLink } from "~/modules/links/link-page.server";
import { action } from "~/routes/a.$agency.grants.$grantId";

import { makeAgency, makeClient, makeLink, META, SITE_A, type TestAgency } from "./helpers";

let agency: TestAgency;
let slug: string;
let cookie: string;
let clientId: string;

beforeAll(async () => {
  agency = await makeAgency();
  slug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;
  cookie = (await startSession(agency.userId)).split(";")[0]!;
  clientId = (await makeClient(agency, "Acme Shoes")).id;
});

async function invitedGrant() {
  const link = await makeLink(agency, clientId, { siteIds: [SITE_A] });
  const done = await completeLink(
    link.token,
    { clientName: "Casey Client", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A] },
    META,
  );
  if (!done.ok) throw new Error("completion refused");
  return db.grant.findFirstOrThrow({ where: { linkId: link.id } });
}

async function post(grantId: string, form: Record<string, string>): Promise<Response> {
  const request = new Request(`http://localhost:3000/a/${slug}/grants/${grantId}`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost:3000" },
    body: new URLSearchParams(form),
  });
  return (await action({ request, params: { agency: slug, grantId }, context: {} } as ActionFunctionArgs)) as Response;
}

const accessEndedEmails = (grantId: string) =>
  db.outboundEmail.count({ where: { template: "access-ended", payload: { contains: grantId } } });

describe("the grant's actions", () => {
  it("verify needs no confirmation and goes back to the dashboard it came from, with a message", async () => {
    const grant = await invitedGrant();
    const response = await post(grant.id, { intent: "verify", redirectTo: `/a/${slug}` });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/a/${slug}`);
    expect(response.headers.get("Set-Cookie")).toMatch(/^portal_flash=/);
    expect((await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).status).toBe("ACTIVE");
  });

  it("revoke without a yes asks and changes nothing; with it, revokes, emails the client and goes back", async () => {
    const grant = await invitedGrant();
    const asked = await post(grant.id, { intent: "revoke", redirectTo: `/a/${slug}/clients/${clientId}` });
    expect(asked.status).toBe(200);
    expect(await asked.json()).toEqual({ confirmation: { intent: "revoke", redirectTo: `/a/${slug}/clients/${clientId}` } });
    expect((await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).status).toBe("INVITED");
    expect(await accessEndedEmails(grant.id)).toBe(0);

    const done = await post(grant.id, { intent: "revoke", redirectTo: `/a/${slug}/clients/${clientId}`, confirmed: "yes" });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`/a/${slug}/clients/${clientId}`);
    expect((await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).status).toBe("REVOKED");
    expect(await accessEndedEmails(grant.id)).toBe(1);
  });

  it("a redirect off the site falls back to the grant's link page", async () => {
    const grant = await invitedGrant();
    const response = await post(grant.id, { intent: "verify", redirectTo: "//evil.example/phish" });
    expect(response.headers.get("Location")).toBe(`/a/${slug}/links/${grant.linkId}`);
  });

  it("another agency's grant is not found, before anything is asked", async () => {
    const other = await makeAgency("Other agency");
    const link = await makeLink(other, (await makeClient(other, "Other client")).id, { siteIds: [SITE_A] });
    await completeLink(link.token, { clientName: "Olga", clientEmail: "olga@other.example", siteIds: [SITE_A] }, META);
    const foreign = await db.grant.findFirstOrThrow({ where: { linkId: link.id } });
    await expect(post(foreign.id, { intent: "revoke" })).rejects.toMatchObject({ status: 404 });
    await expect(post(foreign.id, { intent: "verify" })).rejects.toMatchObject({ status: 404 });
    expect((await db.grant.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe("INVITED");
  });
});
