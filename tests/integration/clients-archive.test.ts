// Issue 15: archiving a client revokes its open links, so the route does it only with
// `confirmed=yes` (the dialog's yes, or the confirmation page's without JavaScript). A post
// without it is answered with the question and changes nothing. Ending access from the Reviews
// page emails the client, so it is held to the same rule.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { addMinutes } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";

import { startSession } from "~/modules/auth/auth.server";
import { db } from "~/modules/db/db.server";
import { completeLink } from "~/modules/links/link-page.server";
import { action as clientAction, loader as clientLoader } from "~/routes/a.$agency.clients.$clientId";
import { action as reviewsAction } from "~/routes/a.$agency.reviews";

import { makeAgency, makeClient, makeLink, META, SITE_A, type TestAgency } from "./helpers";

let agency: TestAgency;
let slug: string;
let cookie: string;

beforeAll(async () => {
  agency = await makeAgency("Archive Agency");
  slug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;
  cookie = (await startSession(agency.userId)).split(";")[0]!;
});

async function post(route: typeof clientAction, path: string, fields: Record<string, string>, params: Record<string, string> = {}) {
  const request = new Request(`http://localhost:3000/a/${slug}${path}`, {
    method: "POST",
    headers: { Cookie: cookie },
    body: new URLSearchParams(fields),
  });
  return (await route({ request, params: { agency: slug, ...params }, context: {} } as ActionFunctionArgs)) as Response;
}

const archive = (clientId: string, extra: Record<string, string> = {}) =>
  post(clientAction, `/clients/${clientId}`, { intent: "archive", ...extra }, { clientId });

async function openLinksOf(clientId: string) {
  const request = new Request(`http://localhost:3000/a/${slug}/clients/${clientId}`, { headers: { Cookie: cookie } });
  const response = (await clientLoader({ request, params: { agency: slug, clientId }, context: {} } as LoaderFunctionArgs)) as Response;
  return ((await response.json()) as { openLinks: number }).openLinks;
}

const stateOf = async (clientId: string, linkId: string) => ({
  archivedAt: (await db.client.findUniqueOrThrow({ where: { id: clientId } })).archivedAt,
  revokedAt: (await db.onboardingLink.findUniqueOrThrow({ where: { id: linkId } })).revokedAt,
  events: await db.event.count({ where: { clientId, type: { in: ["client.archived", "link.revoked"] } } }),
});

describe("archiving a client", () => {
  it("without confirmed=yes asks first and changes nothing: the client stays, its open link still works", async () => {
    const client = await makeClient(agency, "Unconfirmed Umbrellas");
    const link = await makeLink(agency, client.id);
    // The number the question states.
    expect(await openLinksOf(client.id)).toBe(1);

    const answers: Record<string, string>[] = [{}, { confirmed: "no" }, { confirmed: "" }, { confirmed: "YES" }];
    for (const extra of answers) {
      const response = await archive(client.id, extra);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ confirmation: { intent: "archive" } });
      expect(await stateOf(client.id, link.id)).toEqual({ archivedAt: null, revokedAt: null, events: 0 });
    }
    expect(await openLinksOf(client.id)).toBe(1);
  });

  it("with confirmed=yes archives, revokes the open link and says so on the client's page", async () => {
    const client = await makeClient(agency, "Confirmed Cameras");
    const link = await makeLink(agency, client.id);

    const response = await archive(client.id, { confirmed: "yes" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/a/${slug}/clients/${client.id}`);
    expect(response.headers.get("Set-Cookie")).toMatch(/^portal_flash=/);
    const after = await stateOf(client.id, link.id);
    expect(after.archivedAt).not.toBeNull();
    expect(after.revokedAt).not.toBeNull();
    expect(await openLinksOf(client.id)).toBe(0);
  });
});

describe("ending access from the Reviews page", () => {
  it("without confirmed=yes asks first: the grant stays and no email is queued", async () => {
    const client = await makeClient(agency, "Reviewed Rugs");
    const link = await makeLink(agency, client.id);
    const done = await completeLink(
      link.token,
      { clientName: "Casey", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A] },
      META,
      addMinutes(new Date(), 1),
    );
    if (!done.ok) throw new Error("completion refused");
    const grant = await db.grant.findFirstOrThrow({ where: { linkId: link.id } });
    const emails = () => db.outboundEmail.count({ where: { agencyId: agency.agencyId, to: grant.grantedByEmail } });
    const before = await emails();

    const asked = await post(reviewsAction, "/reviews", { intent: "end", grantId: grant.id });
    expect(asked.status).toBe(200);
    expect(await asked.json()).toEqual({ confirmation: { intent: "end", grantId: grant.id } });
    expect((await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).status).toBe(grant.status);
    expect(await emails()).toBe(before);

    const ended = await post(reviewsAction, "/reviews", { intent: "end", grantId: grant.id, confirmed: "yes" });
    expect(ended.status).toBe(302);
    expect((await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).status).toBe("REVOKED");
    expect(await emails()).toBe(before + 1);
  });
});
