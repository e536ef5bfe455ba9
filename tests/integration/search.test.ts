// Searching by client name ignores case on either database: "acme" finds "Acme Shoes" on SQLite
// (LIKE ignores ASCII case) and on PostgreSQL (case-insensitive mode), and finds nothing else.
import { describe, expect, it } from "vitest";

import { listClients } from "~/modules/clients/clients.server";
import { db } from "~/modules/db/db.server";
import { listLinks } from "~/modules/links/links.server";

import { makeAgency, makeClient, makeLink } from "./helpers";

describe("search by client name", () => {
  it("ignores case, in the clients list and in the links list", async () => {
    const agency = await makeAgency();
    const acme = await makeClient(agency, "Acme Shoes");
    const other = await makeClient(agency, "Globex Hats");
    await makeLink(agency, acme.id);
    const globexLink = await makeLink(agency, other.id);
    // The links list also searches the contact and recipient emails: Globex's are its own.
    await db.client.update({ where: { id: other.id }, data: { contactEmail: "gina@globex.example" } });
    await db.onboardingLink.update({ where: { id: globexLink.id }, data: { recipientEmail: "gina@globex.example" } });

    for (const q of ["acme", "ACME", "Shoes", "me sh"]) {
      expect((await listClients(agency.agencyId, { q })).items.map((c) => c.name)).toEqual(["Acme Shoes"]);
      const links = await listLinks(agency.agencyId, { q });
      expect(links.items.map((l) => l.client.name)).toEqual(["Acme Shoes"]);
    }
    expect((await listClients(agency.agencyId, { q: "initech" })).items).toEqual([]);
  });
});
