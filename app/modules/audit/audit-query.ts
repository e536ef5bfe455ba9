import { z } from "zod";

import { RECORD_ID } from "~/modules/db/record-id";

/** Who can cause an event (Event.actorType). */
export const ACTOR_TYPES = ["staff", "client", "system", "api"] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const AUDIT_PAGE_SIZE = 50;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `2024-03-01` at 00:00 UTC, or null for anything that is not a real calendar day. */
export function parseDay(value: string): Date | null {
  if (!DAY.test(value)) return null;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? date : null;
}

const day = z
  .string()
  .trim()
  .refine((v) => parseDay(v) !== null)
  .optional()
  .catch(undefined);

/** Where the previous page ended: `<createdAt ms>.<event id>`, read as (createdAt, id) desc. */
export type AuditCursor = { createdAt: Date; id: string };

export function encodeCursor(event: { createdAt: Date; id: string }): string {
  return `${event.createdAt.getTime()}.${event.id}`;
}

export function decodeCursor(value: string): AuditCursor | null {
  const match = /^(\d{1,15})\.([a-z0-9]{8,40})$/.exec(value);
  return match ? { createdAt: new Date(Number(match[1])), id: match[2]! } : null;
}

/**
 * The audit page's and the CSV export's query string. Every field falls back to "no filter"
 * (`.catch`), so a hand-edited URL never fails the page; `parseAuditQuery` reports what it dropped.
 */
export const AuditQuerySchema = z.object({
  actor: z.enum(ACTOR_TYPES).optional().catch(undefined),
  // An event type ("link.created") or a prefix of whole segments ("link" or "link.").
  type: z
    .string()
    .trim()
    .toLowerCase()
    .max(100)
    .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*\.?$/)
    .optional()
    .catch(undefined),
  client: z.string().trim().regex(RECORD_ID).optional().catch(undefined),
  from: day,
  to: day,
  cursor: z
    .string()
    .trim()
    .refine((v) => decodeCursor(v) !== null)
    .optional()
    .catch(undefined),
});

export type AuditQuery = z.infer<typeof AuditQuerySchema>;

const FIELD_LABELS: Record<keyof AuditQuery, string> = {
  actor: "actor",
  type: "event type",
  client: "client",
  from: "from date",
  to: "to date",
  cursor: "page",
};

export type IgnoredFilter = { field: keyof AuditQuery; label: string; value: string };

/** Parses the query string; a value given but not usable is dropped and listed in `ignored`. */
export function parseAuditQuery(params: URLSearchParams): { query: AuditQuery; ignored: IgnoredFilter[] } {
  const raw = Object.fromEntries([...params].filter(([key]) => Object.hasOwn(FIELD_LABELS, key)));
  const query = AuditQuerySchema.parse(raw);
  const ignored: IgnoredFilter[] = [];
  for (const field of Object.keys(FIELD_LABELS) as (keyof AuditQuery)[]) {
    const given = raw[field]?.trim();
    if (given && query[field] === undefined) ignored.push({ field, label: FIELD_LABELS[field], value: given.slice(0, 60) });
  }
  if (query.from && query.to && query.from > query.to) {
    ignored.push({ field: "to", label: "to date (before the from date)", value: query.to });
    query.to = undefined;
  }
  return { query, ignored };
}

/** The filters as query-string pairs, without the page: for the form, "Next page" and the CSV link. */
export function filterParams(query: AuditQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["actor", "type", "client", "from", "to"] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** The date filters as a half-open UTC range: `to` is inclusive, so the bound is the next midnight. */
export function dateRange(query: Pick<AuditQuery, "from" | "to">): { gte?: Date; lt?: Date } {
  const from = query.from ? parseDay(query.from) : null;
  const to = query.to ? parseDay(query.to) : null;
  return {
    ...(from ? { gte: from } : {}),
    ...(to ? { lt: new Date(to.getTime() + 24 * 60 * 60 * 1000) } : {}),
  };
}

/**
 * Event types matched by the type filter: the type itself, or any type below it by whole
 * segments ("link" and "link." match "link.created", not "linkage"). The prefix is a range
 * (`"link." <= type < "link/"`), so no LIKE wildcard ("_") can widen it.
 */
export function typeMatch(filter: string): { exact: string; gte: string; lt: string } {
  const base = filter.endsWith(".") ? filter.slice(0, -1) : filter;
  return { exact: base, gte: `${base}.`, lt: `${base}/` };
}

/** One line for the table from an event's JSON details: `role: VIEWER, sites: 123, 456`. */
export function summariseDetails(details: string, max = 120): string {
  let text: string;
  try {
    const parsed: unknown = JSON.parse(details);
    text =
      parsed && typeof parsed === "object" && !Array.isArray(parsed)
        ? Object.entries(parsed)
            .map(([key, value]) => `${key}: ${describe(value)}`)
            .join(", ")
        : describe(parsed);
  } catch {
    text = details;
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.map(describe).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
