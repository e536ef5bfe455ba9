import { describe, expect, it } from "vitest";

import { decodeBulkCsv, parseBulkCsv } from "./bulk-csv";
import { BULK_COLUMNS, BULK_TEMPLATE_ROWS } from "./bulk-format";

const DEFAULTS = { granteeEmail: "analytics@agency.example" };
const HEADER = BULK_COLUMNS.join(",");
const row = (over: Partial<Record<(typeof BULK_COLUMNS)[number], string>> = {}) =>
  BULK_COLUMNS.map((c) => over[c] ?? BULK_TEMPLATE_ROWS[0]![c]).join(",");

describe("parseBulkCsv", () => {
  it("reads the template: one client with two sites makes one group and one link", () => {
    const text = [HEADER, ...BULK_TEMPLATE_ROWS.map((r) => BULK_COLUMNS.map((c) => r[c]).join(","))].join("\n");
    const parsed = parseBulkCsv(text, DEFAULTS);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.rows.map((r) => r.row)).toEqual([2, 3]);
    expect(parsed.groups).toHaveLength(1);
    const [group] = parsed.groups;
    expect(group!.client.sites.map((s) => s.hotjarSiteId)).toEqual(["1234567", "2345678"]);
    expect(group!.client.sites[0]!.url).toBe("https://acme-shoes.example");
    expect(group!.link).toMatchObject({ role: "VIEWER", lifetimeHours: 14 * 24, siteIds: ["1234567", "2345678"], locale: "en" });
    expect(group!.link.recipientEmail).toBe("casey@acme-shoes.example");
    expect(group!.link.granteeEmail).toBe(DEFAULTS.granteeEmail);
  });

  it("accepts a BOM, headers in any case with spaces, columns in any order, and blank lines", () => {
    const header = ["Client Name", ...BULK_COLUMNS.slice(1).reverse()].join(",");
    const values = [
      "Acme",
      ...BULK_COLUMNS.slice(1)
        .reverse()
        .map((c) => BULK_TEMPLATE_ROWS[0]![c]),
    ].join(",");
    const parsed = parseBulkCsv(`\uFEFF${header}\r\n\r\n${values}\r\n`, DEFAULTS);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.rows[0]).toMatchObject({ row: 3, errors: [] });
    expect(parsed.groups[0]!.client.name).toBe("Acme");
  });

  it("puts each error on its row and column, with the forms' own messages", () => {
    const text = [
      HEADER,
      row({ hotjar_site_id: "12ab" }),
      row({ client_name: "B", reason: "" }),
      row({ client_name: "C", contact_email: "nope" }),
      row({ client_name: "D", role: "Admin" }),
      row({ client_name: "E", lifetime_days: "45" }),
      row({ client_name: "F", recipient_email: "also-nope" }),
      row({ client_name: "G", language: "xx" }),
    ].join("\n");
    const parsed = parseBulkCsv(text, DEFAULTS);
    if (!parsed.ok) throw new Error(parsed.message);
    const errors = Object.fromEntries(parsed.rows.map((r) => [r.row, r.errors]));
    expect(errors[2]).toEqual([{ column: "hotjar_site_id", message: expect.stringMatching(/site ID/i) }]);
    expect(errors[3]).toEqual([{ column: "reason", message: "Say why you need access (the client sees this)" }]);
    expect(errors[4]).toEqual([{ column: "contact_email", message: "Enter a valid email address, like name@example.com" }]);
    expect(errors[5]).toEqual([{ column: "role", message: "Choose Viewer or User (Admin is never requested)" }]);
    expect(errors[6]).toEqual([{ column: "lifetime_days", message: "The link must live between 1 hour and 30 days" }]);
    expect(errors[7]).toEqual([{ column: "recipient_email", message: "Enter a valid email address, like name@example.com" }]);
    expect(errors[8]?.[0]?.column).toBe("language");
    expect(parsed.groups).toHaveLength(0);
  });

  it("asks the rows of one client to agree, refuses a site listed twice and one name with two contacts", () => {
    const text = [
      HEADER,
      row(),
      row({ hotjar_site_id: "2345678", reason: "Something else entirely" }),
      row({ hotjar_site_id: "1234567" }),
      row({ contact_email: "other@acme.example", hotjar_site_id: "3456789" }),
    ].join("\n");
    const parsed = parseBulkCsv(text, DEFAULTS);
    if (!parsed.ok) throw new Error(parsed.message);
    const errors = Object.fromEntries(parsed.rows.map((r) => [r.row, r.errors]));
    expect(errors[3]).toEqual([{ column: "reason", message: expect.stringContaining("Differs from row 2") }]);
    expect(errors[4]).toEqual([{ column: "hotjar_site_id", message: "This site ID is listed twice" }]);
    expect(errors[5]).toEqual([{ column: "contact_email", message: expect.stringContaining("on row 2 with another contact email") }]);
  });

  it("refuses a file without the required columns, an empty one, and one over 5,000 rows", () => {
    expect(parseBulkCsv("client_name,contact_email\nA,a@b.example", DEFAULTS)).toMatchObject({
      ok: false,
      message: expect.stringContaining("lacks contact_name, hotjar_site_id"),
    });
    expect(parseBulkCsv("", DEFAULTS)).toMatchObject({ ok: false, message: expect.stringContaining("empty") });
    expect(parseBulkCsv(HEADER, DEFAULTS)).toMatchObject({ ok: false, message: expect.stringContaining("no rows") });
    const many = [HEADER, ...Array.from({ length: 5_001 }, (_, i) => row({ client_name: `C${i}` }))].join("\n");
    expect(parseBulkCsv(many, DEFAULTS)).toMatchObject({ ok: false, message: expect.stringContaining("more than 5,000 rows") });
    // Blank lines do not count as rows, and do not hide one: 5,001 rows with a blank line are still too many.
    const manyWithBlank = [HEADER, "", ...Array.from({ length: 5_001 }, (_, i) => row({ client_name: `C${i}` }))].join("\n");
    expect(parseBulkCsv(manyWithBlank, DEFAULTS)).toMatchObject({ ok: false, message: expect.stringContaining("more than 5,000 rows") });
    const fullWithBlanks = [HEADER, "", "", ...Array.from({ length: 5_000 }, (_, i) => row({ client_name: `C${i}` }))].join("\n");
    const full = parseBulkCsv(fullWithBlanks, DEFAULTS);
    if (!full.ok) throw new Error(full.message);
    expect(full.rows).toHaveLength(5_000);
    expect(full.rows.at(-1)).toMatchObject({ row: 5_003, values: { client_name: "C4999" } });
    expect(parseBulkCsv(`${HEADER}\n"unclosed`, DEFAULTS)).toMatchObject({
      ok: false,
      message: expect.stringContaining("could not be read"),
    });
  });
});

describe("decodeBulkCsv", () => {
  it("takes UTF-8 with or without a BOM and refuses anything else or anything too large", () => {
    expect(decodeBulkCsv(new Uint8Array([0xef, 0xbb, 0xbf, 0x43, 0x61, 0x66, 0xc3, 0xa9]))).toEqual({ ok: true, text: "Café" });
    expect(decodeBulkCsv(new Uint8Array([0x43, 0x61, 0x66, 0xe9]))).toMatchObject({ ok: false, message: expect.stringContaining("UTF-8") });
    expect(decodeBulkCsv(new Uint8Array(2 * 1024 * 1024 + 1))).toMatchObject({ ok: false, message: expect.stringContaining("2 MB") });
  });
});
