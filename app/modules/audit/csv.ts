import type { Options } from "csv-stringify";

/**
 * Spreadsheets run a field that starts with one of these as a formula (CSV injection). OWASP's
 * guidance: prefix such a field with a single quote, which Excel, LibreOffice and Google Sheets
 * show as text. https://owasp.org/www-community/attacks/CSV_Injection
 */
const FORMULA_CHARACTER = "[=+\\-@\\t\\r]";

/**
 * Where a spreadsheet may start a field inside our cell: the cell's start, or right after any
 * separator it may be told to split on (`,` `;` tab; a line break for readers that split lines
 * first), also when quotes come in between (`;"=1` reads as a quoted field holding `=1`). A
 * file opened with `;` splits `Casey;=40+2;` into a field `=40+2`, whatever our quoting says.
 */
const FIELD_START = new RegExp(`(?<=(?:^|[,;\\t\\r\\n])"*)(?=${FORMULA_CHARACTER})`, "g");

/**
 * A cell value safe to open in a spreadsheet, whichever separator it is split on: a `'` before
 * every formula character that could start a field. Quoting is csv-stringify's (every cell, see
 * AUDIT_CSV_OPTIONS).
 */
export function neutraliseCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  return value.replace(FIELD_START, "'");
}

/** The audit export's columns, in order (the header row). */
export const AUDIT_CSV_COLUMNS = [
  "time",
  "actor_type",
  "actor",
  "type",
  "client",
  "link_id",
  "grant_id",
  "ip_hash",
  "user_agent",
  "details",
] as const;

/**
 * csv-stringify's options for the export: every cell quoted, empty ones too, so a reader that
 * honours quotes never splits a cell, whichever separator it picks; CRLF as spreadsheets expect.
 */
export const AUDIT_CSV_OPTIONS = {
  header: true,
  columns: [...AUDIT_CSV_COLUMNS],
  quoted: true,
  quoted_empty: true,
  record_delimiter: "windows",
} satisfies Options;

export type AuditCsvRow = Record<(typeof AUDIT_CSV_COLUMNS)[number], string | null | undefined>;

/** One event as CSV cells, every one neutralised (the time is ours, but costs nothing to check). */
export function auditCsvRecord(row: AuditCsvRow): string[] {
  return AUDIT_CSV_COLUMNS.map((column) => neutraliseCell(row[column]));
}
