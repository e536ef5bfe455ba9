import { parse } from "csv-parse/sync";
import type { z } from "zod";

import { type ClientInput, ClientSchema } from "~/modules/clients/schemas";

import {
  BULK_COLUMNS,
  BULK_MAX_BYTES,
  BULK_MAX_ROWS,
  type BulkColumn,
  type BulkRow,
  FILE_TOO_LARGE,
  OPTIONAL_COLUMNS,
  TOO_MANY_ROWS,
} from "./bulk-format";
import { type CreateLinkInput, CreateLinkSchema } from "./schemas";

// Bulk links from a CSV (docs/decisions/054): the file's format and its validation, pure. Every
// row goes through the same schemas as the New client and New link forms; the rows of one client
// (same name and contact email) become one client with its sites and one link.

/** One client (new or, later, an existing one) and the one link for its sites. */
export type BulkGroup = {
  rows: BulkRow[];
  client: ClientInput;
  link: Omit<CreateLinkInput, "clientId">;
};
export type BulkParse = { ok: false; message: string } | { ok: true; rows: BulkRow[]; groups: BulkGroup[] };

const FILE_NOT_UTF8 = "The file is not UTF-8 text: in your spreadsheet choose Save as, then “CSV UTF-8”, and upload that file.";

/** The file's bytes as text: at most BULK_MAX_BYTES, UTF-8 (a BOM is dropped). */
export function decodeBulkCsv(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  if (bytes.byteLength > BULK_MAX_BYTES) return { ok: false, message: FILE_TOO_LARGE };
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { ok: false, message: FILE_NOT_UTF8 };
  }
}

const headerKey = (cell: string) =>
  cell
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

/**
 * Reads and checks the whole file: the header, then each row on its own (both schemas), then
 * each client's rows together (one link: the same role, lifetime, reason, language and recipient;
 * the schemas' per-client and per-link limits). A file-level problem is `ok: false`.
 */
export function parseBulkCsv(text: string, defaults: { granteeEmail: string }): BulkParse {
  if (text.length > BULK_MAX_BYTES) return { ok: false, message: FILE_TOO_LARGE };
  let records: string[][];
  try {
    // The whole file (at most BULK_MAX_BYTES): a `to` limit would count blank lines too and drop the last rows unsaid.
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    return { ok: false, message: `The file could not be read as CSV (${(error as Error).message}).` };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, message: "The file is empty: start from the template." };
  const keys = header.map(headerKey);
  const missing = BULK_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.includes(c) && !keys.includes(c));
  if (missing.length > 0) {
    return {
      ok: false,
      message: `The header row lacks ${missing.join(", ")}: start from the template, whose first row names every column.`,
    };
  }
  const filled = body.map((cells, i) => ({ cells, row: i + 2 })).filter(({ cells }) => cells.some((c) => c.trim() !== ""));
  if (filled.length === 0) return { ok: false, message: "The file has no rows under its header: one row per client and site." };
  if (filled.length > BULK_MAX_ROWS) return { ok: false, message: TOO_MANY_ROWS };
  const rows: BulkRow[] = filled.map(({ cells, row }) => {
    const values = Object.fromEntries(BULK_COLUMNS.map((c) => [c, (cells[keys.indexOf(c)] ?? "").trim()])) as Record<BulkColumn, string>;
    return { row, values, errors: [] };
  });
  const groups = groupRows(rows).map((groupRows) => checkGroup(groupRows, defaults));
  return { ok: true, rows, groups: groups.filter((g): g is BulkGroup => g !== null) };
}

const clientKey = (v: Record<BulkColumn, string>) => `${v.client_name.toLowerCase()}\n${v.contact_email.toLowerCase()}`;

function groupRows(rows: BulkRow[]): BulkRow[][] {
  const groups = new Map<string, BulkRow[]>();
  const byName = new Map<string, BulkRow>();
  for (const r of rows) {
    const key = clientKey(r.values);
    const sameName = byName.get(r.values.client_name.toLowerCase());
    if (sameName && clientKey(sameName.values) !== key && r.values.client_name !== "") {
      r.errors.push({
        column: "contact_email",
        message: `${r.values.client_name} is on row ${sameName.row} with another contact email: use one contact per client.`,
      });
    }
    if (!sameName) byName.set(r.values.client_name.toLowerCase(), r);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()];
}

const ROLES: Record<string, string> = { viewer: "VIEWER", user: "USER" };

function clientInputOf(rows: BulkRow[]) {
  const v = rows[0]!.values;
  return {
    name: v.client_name,
    contactName: v.contact_name,
    contactEmail: v.contact_email,
    hotjarOrganizationId: "",
    locale: v.language.toLowerCase(),
    sites: rows.map((r) => ({ hotjarSiteId: r.values.hotjar_site_id, name: r.values.site_name, url: r.values.site_url })),
  };
}

function linkInputOf(v: Record<BulkColumn, string>, siteIds: string[], granteeEmail: string) {
  return {
    clientId: "csv",
    role: ROLES[v.role.toLowerCase()] ?? v.role,
    siteMode: siteIds.length > 0 ? "named" : "clientPicks",
    siteIds,
    granteeEmail,
    recipientEmail: v.recipient_email || v.contact_email,
    reason: v.reason,
    lifetimeValue: v.lifetime_days,
    lifetimeUnit: "days",
    // Empty: the client's language, else the agency's (createLinkIn), as on the New link form.
    locale: v.language ? v.language.toLowerCase() : undefined,
    accessEndsOn: "",
  };
}

const CLIENT_FIELD_COLUMNS: Record<string, BulkColumn> = {
  name: "client_name",
  contactName: "contact_name",
  contactEmail: "contact_email",
  locale: "language",
  hotjarSiteId: "hotjar_site_id",
};
const SITE_FIELD_COLUMNS: Record<string, BulkColumn> = { hotjarSiteId: "hotjar_site_id", name: "site_name", url: "site_url" };
const LINK_FIELD_COLUMNS: Record<string, BulkColumn> = {
  role: "role",
  siteIds: "hotjar_site_id",
  reason: "reason",
  lifetimeValue: "lifetime_days",
  locale: "language",
};

function addError(row: BulkRow, column: BulkColumn | null, message: string) {
  if (!row.errors.some((e) => e.column === column && e.message === message)) row.errors.push({ column, message });
}

/** Puts each schema issue on its row (a site's issue on that site's row) and column. */
function placeIssues(error: z.ZodError, rows: BulkRow[], columnOf: (path: (string | number)[]) => BulkColumn | null) {
  for (const issue of error.issues) {
    const index = issue.path.find((p): p is number => typeof p === "number");
    addError(rows[index ?? 0] ?? rows[0]!, columnOf(issue.path), issue.message);
  }
}

const LINK_COLUMNS_SHARED: BulkColumn[] = ["contact_name", "role", "lifetime_days", "reason", "language", "recipient_email"];

function checkGroup(rows: BulkRow[], defaults: { granteeEmail: string }): BulkGroup | null {
  const first = rows[0]!;
  // The rows of one client make one link: what the link asks must be the same on each.
  for (const r of rows.slice(1)) {
    for (const c of LINK_COLUMNS_SHARED) {
      if (r.values[c].toLowerCase() !== first.values[c].toLowerCase()) {
        addError(r, c, `Differs from row ${first.row}: the rows of one client make one link, so they must agree.`);
      }
    }
  }
  const client = ClientSchema.safeParse(clientInputOf(rows));
  if (!client.success) {
    placeIssues(client.error, rows, (path) =>
      path[0] === "sites" ? (SITE_FIELD_COLUMNS[String(path[2])] ?? "hotjar_site_id") : (CLIENT_FIELD_COLUMNS[String(path[0])] ?? null),
    );
  }
  const siteIds = client.success ? client.data.sites.map((s) => s.hotjarSiteId) : [];
  const link = CreateLinkSchema.safeParse(linkInputOf(first.values, siteIds, defaults.granteeEmail));
  if (!link.success) {
    placeIssues(link.error, rows, (path) => {
      if (path[0] === "recipientEmail") return first.values.recipient_email ? "recipient_email" : "contact_email";
      return LINK_FIELD_COLUMNS[String(path[0])] ?? null;
    });
  }
  if (!client.success || !link.success || rows.some((r) => r.errors.length > 0)) return null;
  const { clientId: _placeholder, ...linkInput } = link.data;
  return { rows, client: client.data, link: linkInput };
}

/** How many rows have at least one error. */
export function rowsWithErrors(rows: BulkRow[]): number {
  return rows.filter((r) => r.errors.length > 0).length;
}
