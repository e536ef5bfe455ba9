import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { AUDIT_CSV_COLUMNS, auditCsvRecord, neutraliseCell } from "./csv";

describe("neutraliseCell (OWASP CSV injection)", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ['=HYPERLINK("http://evil.example","x")', `'=HYPERLINK("http://evil.example","x")`],
    ["+41 79 000 00 00", "'+41 79 000 00 00"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
  ])("prefixes %j with a single quote", (input, output) => {
    expect(neutraliseCell(input)).toBe(output);
  });

  it.each([
    "link.created",
    "Olivia <owner@agency.example>",
    '{"role":"VIEWER"}',
    "2024-03-01T10:00:00.000Z",
    " =1 (a leading space is not a formula)",
    "a=b",
    "'already quoted",
    "",
  ])("leaves %j alone", (input) => {
    expect(neutraliseCell(input)).toBe(input);
  });

  it("turns missing values into empty cells", () => {
    expect(neutraliseCell(null)).toBe("");
    expect(neutraliseCell(undefined)).toBe("");
  });
});

describe("auditCsvRecord", () => {
  const row = {
    time: "2024-03-01T10:00:00.000Z", actor_type: "client", actor: "=cmd|' /C calc'!A0", type: "link.completed",
    client: "@Acme", link_id: "clink", grant_id: null, ip_hash: undefined, user_agent: "-x", details: '{"note":"a,b \\"c\\""}',
  };

  it("has one neutralised cell per column, in header order", () => {
    expect(auditCsvRecord(row)).toEqual([
      "2024-03-01T10:00:00.000Z", "client", "'=cmd|' /C calc'!A0", "link.completed", "'@Acme", "clink", "", "", "'-x",
      '{"note":"a,b \\"c\\""}',
    ]);
    expect(AUDIT_CSV_COLUMNS).toHaveLength(10);
  });

  it("leaves quoting to csv-stringify, which keeps the neutralised value intact", () => {
    const text = stringify([auditCsvRecord(row)]);
    expect(text).toContain(`'=cmd|' /C calc'!A0`);
    expect(text).toContain('"{""note"":""a,b \\""c\\""""}"');
  });
});
