/**
 * The client form's site rows (`sites[0].hotjarSiteId`, `sites[0].name`, `sites[0].url`, ...):
 * read from what was posted, added and removed. Shared by the form (instantly, with JavaScript)
 * and the route actions (the same buttons without JavaScript redraw the form, saving nothing).
 */

/** A sane bound for one client's sites: the form stops adding rows here and the schema refuses more. */
// As before the form could add rows (a client may already hold this many): none is lost on save.
export const MAX_SITES_PER_CLIENT = 50;
export const TOO_MANY_SITES = `At most ${MAX_SITES_PER_CLIENT} sites per client`;

export const SITE_FIELDS = ["hotjarSiteId", "name", "url"] as const;
export type SiteRow = Record<(typeof SITE_FIELDS)[number], string>;

export const EMPTY_SITE_ROW: SiteRow = { hotjarSiteId: "", name: "", url: "" };

/** The submit buttons' values: `intent=add-site`, `intent=remove-site:2` (rows counted from 0). */
export const ADD_SITE_INTENT = "add-site";
export const removeSiteIntent = (index: number) => `remove-site:${index}`;

export type SiteRowIntent = { type: "add" } | { type: "remove"; index: number };

export function siteRowIntent(intent: unknown): SiteRowIntent | null {
  if (intent === ADD_SITE_INTENT) return { type: "add" };
  const m = typeof intent === "string" ? /^remove-site:(\d{1,2})$/.exec(intent) : null;
  return m ? { type: "remove", index: Number(m[1]) } : null;
}

export const siteFieldName = (index: number, field: (typeof SITE_FIELDS)[number]) => `sites[${index}].${field}`;

export function isBlankSiteRow(row: SiteRow): boolean {
  return SITE_FIELDS.every((f) => row[f].trim() === "");
}

/** Every posted row, blank ones too, in the order of their numbers (at most 100: two digits). */
export function siteRowsFromValues(values: Record<string, string>): SiteRow[] {
  const rows = new Map<number, SiteRow>();
  for (const [key, value] of Object.entries(values)) {
    const m = /^sites\[(\d{1,2})\]\.(hotjarSiteId|name|url)$/.exec(key);
    if (!m) continue;
    const index = Number(m[1]);
    const row = rows.get(index) ?? { ...EMPTY_SITE_ROW };
    row[m[2] as keyof SiteRow] = value;
    rows.set(index, row);
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

/** The rows back as the form's field values, numbered from 0. */
export function siteRowValues(rows: SiteRow[]): Record<string, string> {
  return Object.fromEntries(rows.flatMap((row, i) => SITE_FIELDS.map((f) => [siteFieldName(i, f), row[f]])));
}

/** What the form starts with: the client's sites, then one empty row while there is room. */
export function initialSiteRows(sites: { hotjarSiteId: string; name: string; url: string | null }[]): SiteRow[] {
  const rows = sites.map((s) => ({ hotjarSiteId: s.hotjarSiteId, name: s.name, url: s.url ?? "" }));
  return rows.length < MAX_SITES_PER_CLIENT ? [...rows, { ...EMPTY_SITE_ROW }] : rows;
}

/**
 * Adds an empty row (refused at the maximum, with the message to show) or removes one; removing
 * the only row leaves an empty one, so the form always has a row to type into. Generic so the
 * form can keep its own row keys.
 */
export function applySiteRowIntent<T>(rows: T[], intent: SiteRowIntent, emptyRow: () => T): { rows: T[]; error?: string } {
  if (intent.type === "add") {
    if (rows.length >= MAX_SITES_PER_CLIENT) return { rows, error: TOO_MANY_SITES };
    return { rows: [...rows, emptyRow()] };
  }
  const kept = rows.filter((_, i) => i !== intent.index);
  return { rows: kept.length > 0 ? kept : [emptyRow()] };
}
