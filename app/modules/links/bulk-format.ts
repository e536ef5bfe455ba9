import { BULK_MAX_BYTES, BULK_MAX_ROWS } from "./bulk-limits";

// The CSV of links' format (docs/decisions/054): its columns, the template's rows, the shape of a
// checked row and the file-level messages. Safe in the browser: the upload page shows them.

export { BULK_MAX_BYTES, BULK_MAX_ROWS } from "./bulk-limits";

export const BULK_COLUMNS = [
  "client_name",
  "contact_name",
  "contact_email",
  "hotjar_site_id",
  "site_name",
  "site_url",
  "role",
  "lifetime_days",
  "reason",
  "language",
  "recipient_email",
] as const;
export type BulkColumn = (typeof BULK_COLUMNS)[number];

export const OPTIONAL_COLUMNS: readonly BulkColumn[] = ["site_url", "language", "recipient_email"];

/** What the template's header says; the file's header may differ in case, spaces for underscores and a BOM. */
export const BULK_TEMPLATE_ROWS: readonly Record<BulkColumn, string>[] = [
  {
    client_name: "Acme Shoes",
    contact_name: "Casey Client",
    contact_email: "casey@acme-shoes.example",
    hotjar_site_id: "1234567",
    site_name: "acme-shoes.example",
    site_url: "https://acme-shoes.example",
    role: "Viewer",
    lifetime_days: "14",
    reason: "To review how visitors use the new checkout",
    language: "en",
    recipient_email: "",
  },
  {
    client_name: "Acme Shoes",
    contact_name: "Casey Client",
    contact_email: "casey@acme-shoes.example",
    hotjar_site_id: "2345678",
    site_name: "blog.acme-shoes.example",
    site_url: "",
    role: "Viewer",
    lifetime_days: "14",
    reason: "To review how visitors use the new checkout",
    language: "en",
    recipient_email: "",
  },
];

export type CellError = { column: BulkColumn | null; message: string };
/** `row` is the spreadsheet's row number: the header is row 1, the first client row 2. */
export type BulkRow = { row: number; values: Record<BulkColumn, string>; errors: CellError[] };

export const FILE_TOO_LARGE = `The file is larger than ${BULK_MAX_BYTES / 1024 / 1024} MB: split it into several uploads.`;
export const TOO_MANY_ROWS = `The file has more than ${BULK_MAX_ROWS.toLocaleString("en-GB")} rows: split it into several uploads.`;
