import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";

import { AUDIT_CSV_COLUMNS, AUDIT_CSV_OPTIONS, auditCsvRecord, neutraliseCell } from "./csv";

describe("neutraliseCell (OWASP CSV injection)", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ['=HYPERLINK("http://evil.example","x")', `'=HYPERLINK("http://evil.example","x")`],
    ["+41 79 000 00 00", "'+41 79 000 00 00"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\t=1", "'\t'=1"],
    ["\r=1", "'\r'=1"],
  ])("prefixes %j with a single quote", (input, output) => {
    expect(neutraliseCell(input)).toBe(output);
  });

  it.each([
    ["Casey;=40+2;", "Casey;'=40+2;"],
    ["a,=1+1", "a,'=1+1"],
    ["x\t=2+2", "x\t'=2+2"],
    ["one\n@two\r\n-three", "one\n'@two\r\n'-three"],
    ['{"name":"a;+1"}', `{"name":"a;'+1"}`],
    ['x;"=1', `x;"'=1`],
    ['x,""-1', `x,""'-1`],
    ["a;;=1", "a;;'=1"],
  ])("prefixes a formula after a separator a spreadsheet may split on: %j", (input, output) => {
    expect(neutraliseCell(input)).toBe(output);
  });

  it.each([
    "link.created",
    "Olivia <owner@agency.example>",
    '{"role":"VIEWER"}',
    "2024-03-01T10:00:00.000Z",
    " =1 (a leading space is not a formula)",
    "a; =1",
    "a=b",
    "1-2+3",
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
    time: "2024-03-01T10:00:00.000Z",
    actor_type: "client",
    actor: "=cmd|' /C calc'!A0",
    type: "link.completed",
    client: "@Acme",
    link_id: "clink",
    grant_id: null,
    ip_hash: undefined,
    user_agent: "-x",
    details: '{"note":"a,b \\"c\\""}',
  };

  it("has one neutralised cell per column, in header order", () => {
    expect(auditCsvRecord(row)).toEqual([
      "2024-03-01T10:00:00.000Z",
      "client",
      "'=cmd|' /C calc'!A0",
      "link.completed",
      "'@Acme",
      "clink",
      "",
      "",
      "'-x",
      '{"note":"a,b \\"c\\""}',
    ]);
    expect(AUDIT_CSV_COLUMNS).toHaveLength(10);
  });

  it("is quoted cell by cell by csv-stringify, header and empty cells included", () => {
    const text = stringify([auditCsvRecord(row)], AUDIT_CSV_OPTIONS);
    const [header, line] = text.split("\r\n");
    expect(header).toBe(AUDIT_CSV_COLUMNS.map((c) => `"${c}"`).join(","));
    expect(line).toBe(
      `"2024-03-01T10:00:00.000Z","client","'=cmd|' /C calc'!A0","link.completed","'@Acme","clink","","","'-x","{""note"":""a,b \\""c\\""""}"`,
    );
  });
});
