import { describe, expect, it } from "vitest";

import { clientFormInput, ClientSchema, fieldName } from "./schemas";

const client = (sites: { hotjarSiteId: string; name: string; url: string }[]) => ({
  name: "Acme Shoes",
  contactName: "Casey",
  contactEmail: "casey@acmeshoes.example",
  hotjarOrganizationId: "",
  sites,
});

describe("ClientSchema: what the client form stores", () => {
  it("stores a pasted Hotjar address as its site id and a bare domain as an https URL", () => {
    const parsed = ClientSchema.parse(
      client([
        { hotjarSiteId: "https://insights.hotjar.com/site/1234567/overview", name: "Shop", url: "acmeshoes.com" },
        { hotjarSiteId: "insights.hotjar.com/sites/2345678/heatmaps?x=1", name: "Blog", url: "www.acmeshoes.com/shop" },
        { hotjarSiteId: " 3456789 ", name: "Plain", url: "" },
      ]),
    );
    expect(parsed.sites).toEqual([
      { hotjarSiteId: "1234567", name: "Shop", url: "https://acmeshoes.com" },
      { hotjarSiteId: "2345678", name: "Blog", url: "https://www.acmeshoes.com/shop" },
      { hotjarSiteId: "3456789", name: "Plain", url: null },
    ]);
  });

  it("says what to paste when the site id or the website is neither", () => {
    const result = ClientSchema.safeParse(
      client([{ hotjarSiteId: "https://example.com/site/1234567", name: "Shop", url: "javascript:alert(1)" }]),
    );
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((i) => [fieldName(i.path), i.message]));
    expect(messages).toEqual({
      "sites[0].hotjarSiteId":
        "Enter the site ID (digits, e.g. 1234567) or paste the site's Hotjar address, like insights.hotjar.com/site/1234567/overview",
      "sites[0].url": "Enter the site's address, like acmeshoes.com or https://shop.acmeshoes.com",
    });
  });

  it("finds a site listed twice even when once pasted as an address", () => {
    const result = ClientSchema.safeParse(
      client([
        { hotjarSiteId: "1234567", name: "Shop", url: "" },
        { hotjarSiteId: "https://insights.hotjar.com/site/1234567/overview", name: "Again", url: "" },
      ]),
    );
    expect(result.error?.issues.map((i) => [fieldName(i.path), i.message])).toEqual([
      ["sites[1].hotjarSiteId", "This site ID is listed twice"],
    ]);
  });

  it("refuses more than 50 sites", () => {
    const sites = Array.from({ length: 51 }, (_, i) => ({ hotjarSiteId: String(1000 + i), name: `s${i}`, url: "" }));
    expect(ClientSchema.safeParse(client(sites)).error?.issues.map((i) => [fieldName(i.path), i.message])).toEqual([
      ["sites", "At most 50 sites per client"],
    ]);
  });
});

describe("clientFormInput: the form's rows", () => {
  it("skips blank rows and remembers which row each site came from, so errors land on that row", () => {
    const { input, rowOf } = clientFormInput({
      name: "Acme",
      "sites[0].hotjarSiteId": "",
      "sites[0].name": " ",
      "sites[1].hotjarSiteId": "12ab",
      "sites[1].name": "Shop",
    });
    expect(input.sites).toEqual([{ hotjarSiteId: "12ab", name: "Shop", url: "" }]);
    expect(rowOf).toEqual([1]);
    const issue = ClientSchema.safeParse({ ...input, contactName: "C", contactEmail: "c@acme.example" }).error!.issues[0]!;
    expect(issue.path).toEqual(["sites", 0, "hotjarSiteId"]);
    expect(fieldName(issue.path, rowOf)).toBe("sites[1].hotjarSiteId");
  });
});
