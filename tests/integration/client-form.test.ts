// The client form through the real route actions (new client and the client's page): a pasted
// Hotjar address and a website without a scheme are stored normalised, anything else is refused
// next to its own row, and "Add another site" / "Remove" without JavaScript redraw the form with
// every value kept and nothing saved.
import type { ActionFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";

import { startSession } from "~/modules/auth/auth.server";
import { db } from "~/modules/db/db.server";
import type { FormFailure } from "~/modules/http/forms.server";
import { action as editClient } from "~/routes/a.$agency.clients.$clientId";
import { action as newClient } from "~/routes/a.$agency.clients.new";

import { makeAgency, makeClient, type TestAgency } from "./helpers";

let agency: TestAgency;
let slug: string;
let cookie: string;

beforeAll(async () => {
  agency = await makeAgency("Client Form Agency");
  slug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;
  cookie = (await startSession(agency.userId)).split(";")[0]!;
});

const CONTACT = { contactName: "Casey Client", contactEmail: "casey@acmeshoes.example", hotjarOrganizationId: "" };

async function post(route: typeof newClient, path: string, fields: Record<string, string>, params: Record<string, string>) {
  const request = new Request(`http://localhost:3000/a/${slug}${path}`, {
    method: "POST",
    headers: { Cookie: cookie },
    body: new URLSearchParams(fields),
  });
  return (await route({ request, params: { agency: slug, ...params }, context: {} } as ActionFunctionArgs)) as Response;
}
const create = (fields: Record<string, string>) => post(newClient, "/clients/new", fields, {});
const edit = (clientId: string, fields: Record<string, string>) => post(editClient, `/clients/${clientId}`, fields, { clientId });
const body = async (response: Response) => (await response.json()) as FormFailure;
const clientCount = () => db.client.count({ where: { agencyId: agency.agencyId } });

describe("new client: pasted Hotjar addresses and websites without a scheme", () => {
  it("stores the site id of a pasted Hotjar address and https:// before a bare domain", async () => {
    const response = await create({
      intent: "save",
      name: "Acme Shoes",
      ...CONTACT,
      "sites[0].hotjarSiteId": "https://insights.hotjar.com/site/1234567/overview",
      "sites[0].name": "Shop",
      "sites[0].url": "acmeshoes.com",
      "sites[1].hotjarSiteId": "insights.hotjar.com/sites/2345678/heatmaps/?date=7d",
      "sites[1].name": "Blog",
      "sites[1].url": "www.acmeshoes.com/shop",
      "sites[2].hotjarSiteId": "",
      "sites[2].name": "",
      "sites[2].url": "",
    });
    expect(response.status).toBe(302);
    const clientId = response.headers.get("Location")!.split("/").at(-1)!;
    const sites = await db.clientSite.findMany({ where: { clientId }, orderBy: { hotjarSiteId: "asc" } });
    expect(sites.map((s) => [s.hotjarSiteId, s.name, s.url])).toEqual([
      ["1234567", "Shop", "https://acmeshoes.com"],
      ["2345678", "Blog", "https://www.acmeshoes.com/shop"],
    ]);
  });

  it("refuses anything else next to the field of the row it was typed in, keeps what was typed, creates nothing", async () => {
    const before = await clientCount();
    const response = await create({
      intent: "save",
      name: "Garbage Goods",
      ...CONTACT,
      "sites[0].hotjarSiteId": "",
      "sites[0].name": "",
      "sites[0].url": "",
      "sites[1].hotjarSiteId": "https://example.com/site/1234567",
      "sites[1].name": "Shop",
      "sites[1].url": "not a website",
    });
    expect(response.status).toBe(400);
    const { fieldErrors, values } = await body(response);
    expect(fieldErrors).toEqual({
      "sites[1].hotjarSiteId": [
        "Enter the site ID (digits, e.g. 1234567) or paste the site's Hotjar address, like insights.hotjar.com/site/1234567/overview",
      ],
      "sites[1].url": ["Enter the site's address, like acmeshoes.com or https://shop.acmeshoes.com"],
    });
    expect(values["sites[1].hotjarSiteId"]).toBe("https://example.com/site/1234567");
    expect(values["sites[1].url"]).toBe("not a website");
    expect(await clientCount()).toBe(before);
  });
});

describe("site rows without JavaScript: the form comes back redrawn, nothing saved", () => {
  const typed = {
    name: "Row Rovers",
    ...CONTACT,
    "sites[0].hotjarSiteId": "1111111",
    "sites[0].name": "one",
    "sites[0].url": "one.example",
    "sites[1].hotjarSiteId": "https://insights.hotjar.com/site/2222222/overview",
    "sites[1].name": "two",
    "sites[1].url": "",
  };

  it("adds an empty row after the others", async () => {
    const before = await clientCount();
    const response = await create({ ...typed, intent: "add-site" });
    expect(response.status).toBe(200);
    const { fieldErrors, values } = await body(response);
    expect(fieldErrors).toEqual({});
    expect(values).toEqual({ ...typed, "sites[2].hotjarSiteId": "", "sites[2].name": "", "sites[2].url": "" });
    expect(await clientCount()).toBe(before);
  });

  it("removes the row asked for and numbers the others again", async () => {
    const before = await clientCount();
    const response = await create({ ...typed, intent: "remove-site:0" });
    expect(response.status).toBe(200);
    const { values } = await body(response);
    expect(values).toEqual({
      name: "Row Rovers",
      ...CONTACT,
      "sites[0].hotjarSiteId": "https://insights.hotjar.com/site/2222222/overview",
      "sites[0].name": "two",
      "sites[0].url": "",
    });
    expect(await clientCount()).toBe(before);
  });

  it("stops at 50 sites with a message (as many as before the form could add rows)", async () => {
    const full = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [
        [`sites[${i}].hotjarSiteId`, String(3000000 + i)],
        [`sites[${i}].name`, `s${i}`],
        [`sites[${i}].url`, ""],
      ]).flat(),
    );
    const { fieldErrors, values } = await body(await create({ name: "Full House", ...CONTACT, ...full, intent: "add-site" }));
    expect(fieldErrors).toEqual({ sites: ["At most 50 sites per client"] });
    expect(Object.keys(values).filter((k) => k.endsWith(".hotjarSiteId"))).toHaveLength(50);

    const tooMany = { ...full, "sites[50].hotjarSiteId": "3999999", "sites[50].name": "one more", "sites[50].url": "" };
    const refused = await create({ name: "Full House", ...CONTACT, ...tooMany, intent: "save" });
    expect(refused.status).toBe(400);
    expect((await body(refused)).fieldErrors).toEqual({ sites: ["At most 50 sites per client"] });
    expect(await db.client.count({ where: { agencyId: agency.agencyId, name: "Full House" } })).toBe(0);
  });
});

describe("the client's page: the same form for an existing client", () => {
  it("redraws without saving, then saves a pasted address and a bare domain", async () => {
    const client = await makeClient(agency, "Edit Emporium");
    const fields = {
      name: "Edit Emporium",
      ...CONTACT,
      "sites[0].hotjarSiteId": "1234567",
      "sites[0].name": "acme-shoes.example",
      "sites[0].url": "https://acme-shoes.example",
      "sites[1].hotjarSiteId": "2345678",
      "sites[1].name": "blog.acme-shoes.example",
      "sites[1].url": "",
      "sites[2].hotjarSiteId": "insights.hotjar.com/site/7654321/",
      "sites[2].name": "New shop",
      "sites[2].url": "shop.editemporium.example/",
    };
    const siteIds = async () =>
      (await db.clientSite.findMany({ where: { clientId: client.id }, orderBy: { hotjarSiteId: "asc" } })).map((s) => s.hotjarSiteId);

    const redrawn = await edit(client.id, { ...fields, intent: "remove-site:1" });
    expect(redrawn.status).toBe(200);
    expect(Object.keys((await body(redrawn)).values).filter((k) => k.endsWith(".hotjarSiteId"))).toEqual([
      "sites[0].hotjarSiteId",
      "sites[1].hotjarSiteId",
    ]);
    expect(await siteIds()).toEqual(["1234567", "2345678"]);

    const saved = await edit(client.id, { ...fields, "sites[1].hotjarSiteId": "", "sites[1].name": "", intent: "save" });
    // Saved: back to the client's page, with a message for it (issue 15: feedback after every change).
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/a/${slug}/clients/${client.id}`);
    expect(saved.headers.get("Set-Cookie")).toMatch(/^portal_flash=/);
    const sites = await db.clientSite.findMany({ where: { clientId: client.id }, orderBy: { hotjarSiteId: "asc" } });
    expect(sites.map((s) => [s.hotjarSiteId, s.name, s.url])).toEqual([
      ["1234567", "acme-shoes.example", "https://acme-shoes.example"],
      ["7654321", "New shop", "https://shop.editemporium.example"],
    ]);
  });
});
