import { Form, Link, useSubmit } from "@remix-run/react";

import { ACTOR_TYPES, type AuditQuery } from "~/modules/audit/audit-query";
import { EVENT_KIND_GROUPS, EVENT_KINDS } from "~/modules/audit/event-words";

import { buttonClasses } from "./ui/button";
import { useHydrated } from "./use-hydrated";

// The audit log's filters (issue 15: "the audit filter a list of event kinds"). With JavaScript
// the list follows each change at once; without, the Apply button sends the form. The names
// are the query string's (audit-query.ts), which the CSV export reads too.

const ACTOR_WORDS: Record<(typeof ACTOR_TYPES)[number], string> = {
  staff: "Team members",
  client: "Clients",
  system: "The portal",
  api: "Integrations",
};

/** A whole group of kinds is its prefix with a dot ("link." matches every link event). */
const groupValue = (prefix: string) => `${prefix}.`;

/**
 * The option the type filter stands for: a kind, a group (with or without its dot, as typed in
 * a URL), or, for any other prefix a URL may hold, the value itself (offered as an extra option).
 */
export function eventKindOption(type: string | undefined): string {
  if (!type) return "";
  if (EVENT_KINDS.some((k) => k.type === type)) return type;
  const base = type.endsWith(".") ? type.slice(0, -1) : type;
  return EVENT_KIND_GROUPS.some((g) => g.prefix === base) ? groupValue(base) : type;
}

const fieldClass = "flex min-w-0 flex-col gap-1";
const labelClass = "text-sm font-medium";
const controlClass = "m-0 min-h-touch min-w-0";

export function AuditFilters({
  base,
  query,
  clients,
  filtered,
}: {
  base: string;
  query: AuditQuery;
  clients: { id: string; name: string; archivedAt: string | null }[];
  filtered: boolean;
}) {
  const hydrated = useHydrated();
  const submit = useSubmit();
  const kind = eventKindOption(query.type);
  const known = kind === "" || EVENT_KINDS.some((k) => k.type === kind) || EVENT_KIND_GROUPS.some((g) => groupValue(g.prefix) === kind);
  return (
    <Form
      method="get"
      role="search"
      aria-label="Filter the audit log"
      className="mb-4 grid grid-cols-2 items-end gap-3 lg:grid-cols-[2fr_1fr_1.5fr_1fr_1fr_auto]"
      // Any change (a list, a date) applies at once; a new filter starts from the first page.
      onChange={(e) => submit(e.currentTarget, { replace: true })}
    >
      <div className={`${fieldClass} col-span-2 lg:col-span-1`}>
        <label htmlFor="type" className={labelClass}>
          Event
        </label>
        <select id="type" name="type" defaultValue={kind} className={controlClass}>
          <option value="">All events</option>
          {known ? null : <option value={kind}>Events starting “{kind}”</option>}
          {EVENT_KIND_GROUPS.map((g) => (
            <optgroup key={g.prefix} label={g.label}>
              <option value={groupValue(g.prefix)}>{g.label} (all)</option>
              {g.kinds.map((k) => (
                <option key={k.type} value={k.type}>
                  {k.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className={fieldClass}>
        <label htmlFor="actor" className={labelClass}>
          Done by
        </label>
        <select id="actor" name="actor" defaultValue={query.actor ?? ""} className={controlClass}>
          <option value="">Anyone</option>
          {ACTOR_TYPES.map((a) => (
            <option key={a} value={a}>
              {ACTOR_WORDS[a]}
            </option>
          ))}
        </select>
      </div>
      <div className={fieldClass}>
        <label htmlFor="client" className={labelClass}>
          Client
        </label>
        <select id="client" name="client" defaultValue={query.client ?? ""} className={controlClass}>
          <option value="">All clients</option>
          {clients.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {c.archivedAt ? " (archived)" : ""}
            </option>
          ))}
        </select>
      </div>
      <div className={fieldClass}>
        <label htmlFor="from" className={labelClass}>
          From
        </label>
        <input id="from" name="from" type="date" defaultValue={query.from ?? ""} className={controlClass} />
      </div>
      <div className={fieldClass}>
        <label htmlFor="to" className={labelClass}>
          To
        </label>
        <input id="to" name="to" type="date" defaultValue={query.to ?? ""} className={controlClass} />
      </div>
      <div className="col-span-2 flex flex-wrap gap-2 empty:hidden lg:col-span-1">
        {hydrated ? null : (
          <button type="submit" className={buttonClasses("secondary")}>
            Apply filters
          </button>
        )}
        {filtered ? (
          <Link to={base} className={buttonClasses("ghost")}>
            Clear filters
          </Link>
        ) : null}
      </div>
    </Form>
  );
}
