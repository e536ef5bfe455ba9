// The New link form and a site the agency already holds active access to: the loader marks the
// site, and the real route action creates no link for it until the user ticks an explicit yes
// (so two active grants for one site never happen unnoticed). Only ACTIVE counts, by grant-state.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { addMinutes } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";

import { startSession } from "~/modules/auth/auth.server";
import { db } from "~/modules/db/db.server";
import { changeGrant } from "~/modules/grants/grants.server";
import { completeLink } from "~/modules/links/link-page.server";
import { action, loader } from "~/routes/a.$agency.links.new";

import { makeAgency, makeClient, makeLink, META, nowSeconds, SITE_A, SITE_B, type TestAgency } from "./helpers";

let agency: TestAgency;
let other: TestAgency;
let slug: string;
let cookie: string;
let clientId: string;
const T0 = nowSeconds();

/** A completed link's grants on `siteIds`, verified (ACTIVE) when asked. */
async function grant(siteIds: string[], verify: boolean, on = agency, client = clientId) {
  const link = await makeLink(on, client, { siteIds, now: T0 });
  const done = await completeLink(
    link.token,
    { clientName: "Casey Client", clientEmail: "casey@acme-shoes.example", siteIds },
    META,
    addMinutes(T0, 1),
  );
  if (!done.ok) throw new Error("completion refused");
  const grants = await db.grant.findMany({ where: { linkId: link.id } });
  if (verify) for (const g of grants) await changeGrant(on.agencyId, g.id, "verify", on.actor, addMinutes(T0, 2));
  return grants;
}

beforeAll(async () => {
  agency = await makeAgency("Granted Agency");
  other = await makeAgency("Other Agency");
  slug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;
  cookie = (await startSession(agency.userId)).split(";")[0]!;
  clientId = (await makeClient(agency)).id;
});

const FORM = {
  role: "VIEWER",
  siteMode: "named",
  granteeEmail: "analytics@granted.example",
  recipientEmail: "casey@acme-shoes.example",
  reason: "Heatmaps for the new checkout",
  lifetimeValue: "7",
  lifetimeUnit: "days",
  accessEndsOn: "",
};

function post(fields: [string, string][], form: Record<string, string> = FORM) {
  const request = new Request(`http://localhost:3000/a/${slug}/links/new`, {
    method: "POST",
    headers: { Cookie: cookie },
    body: new URLSearchParams([["clientId", clientId], ...Object.entries(form), ...fields]),
  });
  return action({ request, params: { agency: slug }, context: {} } as ActionFunctionArgs) as Promise<Response>;
}
async function sitesOnForm() {
  const request = new Request(`http://localhost:3000/a/${slug}/links/new`, { headers: { Cookie: cookie } });
  const data = await (await loader({ request, params: { agency: slug }, context: {} } as LoaderFunctionArgs)).json();
  return data.clients.find((c) => c.id === clientId)!.sites;
}
const linkCount = () => db.onboardingLink.count({ where: { agencyId: agency.agencyId } });

describe("a site already granted and active", () => {
  it("is marked on the form with the role and the day it was verified; invited or revoked grants are not", async () => {
    expect((await sitesOnForm()).map((s) => s.granted)).toEqual([null, null]);
    await grant([SITE_B], false); // INVITED: the agency cannot see the site yet
    const [active] = await grant([SITE_A], true);
    // Another agency's grant on the same site id says nothing here.
    await grant([SITE_B], true, other, (await makeClient(other)).id);

    const sites = await sitesOnForm();
    expect(sites.find((s) => s.hotjarSiteId === SITE_A)!.granted).toEqual({
      clientId,
      hotjarSiteId: SITE_A,
      role: "VIEWER",
      verifiedAt: addMinutes(T0, 2).toISOString(),
    });
    expect(sites.find((s) => s.hotjarSiteId === SITE_B)!.granted).toBeNull();
    expect(active!.hotjarSiteId).toBe(SITE_A);
  });

  it("asking for it again needs the explicit yes: without it the form comes back with the sites still ticked and no link", async () => {
    const before = await linkCount();
    const refused = await post([
      ["siteIds", SITE_A],
      ["siteIds", SITE_B],
    ]);
    expect(refused.status).toBe(400);
    const body = await refused.json();
    expect(body.fieldErrors).toEqual({
      confirmGranted: ["Tick the box to ask again for a site you already have access to, or untick that site."],
    });
    expect(body.siteIds).toEqual([SITE_A, SITE_B]);
    expect(body.values.reason).toBe("Heatmaps for the new checkout");
    expect(await linkCount()).toBe(before);

    const created = await post([
      ["siteIds", SITE_A],
      ["siteIds", SITE_B],
      ["confirmGranted", "yes"],
    ]);
    expect(created.status).toBe(302);
    expect(await linkCount()).toBe(before + 1);
  });

  it("needs no yes for a site without active access, nor once the access is revoked", async () => {
    const before = await linkCount();
    expect((await post([["siteIds", SITE_B]])).status).toBe(302);
    expect((await post([["confirmGranted", "yes"]])).status).toBe(400); // the form's own rules still hold: no site picked

    for (const g of await db.grant.findMany({ where: { agencyId: agency.agencyId, clientId, status: "ACTIVE" } })) {
      await changeGrant(agency.agencyId, g.id, "revoke", agency.actor, addMinutes(T0, 3));
    }
    expect((await sitesOnForm()).every((s) => s.granted === null)).toBe(true);
    expect((await post([["siteIds", SITE_A]])).status).toBe(302);
    expect(await linkCount()).toBe(before + 2);
  });

  it("the client picks the site: nothing named, nothing to confirm", async () => {
    await grant([SITE_A], true);
    const response = await post([["siteIds", SITE_A]], { ...FORM, siteMode: "clientPicks" });
    expect(response.status).toBe(302);
  });
});
