/**
 * Spreadsheets run a cell that starts with one of these as a formula (CSV injection). OWASP's
 * guidance: prefix such a cell with a single quote, which Excel, LibreOffice and Google Sheets
 * show as text. https://owasp.org/www-community/attacks/CSV_Injection
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell value safe to open in a spreadsheet; quoting is left to the CSV library. */
export function neutraliseCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  return FORMULA_START.test(value) ? `'${value}` : value;
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

export type AuditCsvRow = Record<(typeof AUDIT_CSV_COLUMNS)[number], string | null | undefined>;

/** One event as CSV cells, every one neutralised (the time is ours, but costs nothing to check). */
export function auditCsvRecord(row: AuditCsvRow): string[] {
  return AUDIT_CSV_COLUMNS.map((column) => neutraliseCell(row[column]));
}
