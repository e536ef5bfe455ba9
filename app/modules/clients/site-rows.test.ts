import { describe, expect, it } from "vitest";

import {
  ADD_SITE_INTENT,
  applySiteRowIntent,
  EMPTY_SITE_ROW,
  initialSiteRows,
  MAX_SITES_PER_CLIENT,
  removeSiteIntent,
  siteRowIntent,
  siteRowsFromValues,
  siteRowValues,
  TOO_MANY_SITES,
} from "./site-rows";

const row = (id: string) => ({ hotjarSiteId: id, name: `site-${id}.example`, url: "" });
const empty = () => ({ ...EMPTY_SITE_ROW });

describe("site rows of the client form", () => {
  it("reads the intents of the add and remove buttons, and nothing else", () => {
    expect(siteRowIntent(ADD_SITE_INTENT)).toEqual({ type: "add" });
    expect(siteRowIntent(removeSiteIntent(3))).toEqual({ type: "remove", index: 3 });
    for (const other of ["save", "archive", "remove-site:", "remove-site:x", "remove-site:123", "add-site ", null, undefined]) {
      expect(siteRowIntent(other)).toBeNull();
    }
  });

  it("reads every posted row in number order, blank ones too, and writes them back numbered from 0", () => {
    const values = {
      name: "Acme",
      "sites[2].hotjarSiteId": "3",
      "sites[0].hotjarSiteId": "1",
      "sites[0].name": "one",
      "sites[1].name": "",
      "sites[100].name": "ignored: three digits",
    };
    const rows = siteRowsFromValues(values);
    expect(rows).toEqual([
      { hotjarSiteId: "1", name: "one", url: "" },
      { hotjarSiteId: "", name: "", url: "" },
      { hotjarSiteId: "3", name: "", url: "" },
    ]);
    expect(siteRowValues(rows.slice(1))).toEqual({
      "sites[0].hotjarSiteId": "",
      "sites[0].name": "",
      "sites[0].url": "",
      "sites[1].hotjarSiteId": "3",
      "sites[1].name": "",
      "sites[1].url": "",
    });
  });

  it("starts with the client's sites and one empty row, none at the maximum", () => {
    expect(initialSiteRows([])).toEqual([EMPTY_SITE_ROW]);
    expect(initialSiteRows([{ hotjarSiteId: "1", name: "a", url: null }])).toEqual([
      { hotjarSiteId: "1", name: "a", url: "" },
      EMPTY_SITE_ROW,
    ]);
    const full = Array.from({ length: MAX_SITES_PER_CLIENT }, (_, i) => ({ hotjarSiteId: String(i + 1), name: "s", url: null }));
    expect(initialSiteRows(full)).toHaveLength(MAX_SITES_PER_CLIENT);
  });

  it("adds an empty row up to the maximum, then says why not", () => {
    expect(applySiteRowIntent([row("1")], { type: "add" }, empty)).toEqual({ rows: [row("1"), EMPTY_SITE_ROW] });
    const full = Array.from({ length: MAX_SITES_PER_CLIENT }, (_, i) => row(String(i)));
    expect(applySiteRowIntent(full, { type: "add" }, empty)).toEqual({ rows: full, error: TOO_MANY_SITES });
    expect(TOO_MANY_SITES).toBe("At most 50 sites per client");
  });

  it("removes the row asked for, keeping the order of the others; the last one leaves an empty row", () => {
    expect(applySiteRowIntent([row("1"), row("2"), row("3")], { type: "remove", index: 1 }, empty)).toEqual({ rows: [row("1"), row("3")] });
    expect(applySiteRowIntent([row("1")], { type: "remove", index: 0 }, empty)).toEqual({ rows: [EMPTY_SITE_ROW] });
    expect(applySiteRowIntent([row("1")], { type: "remove", index: 7 }, empty)).toEqual({ rows: [row("1")] });
  });
});
