import { formatDistanceStrict } from "date-fns";

// Rendered on the server and again in the browser: a fixed time zone keeps both identical
// (no hydration mismatch) and tells the reader which zone the time is in.
const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const dateOnly = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

export function formatDateTime(iso: string | Date | null | undefined): string {
  if (!iso) return "";
  return `${dateTime.format(new Date(iso))} UTC`;
}

export function formatDate(iso: string | Date | null | undefined): string {
  if (!iso) return "";
  return dateOnly.format(new Date(iso));
}

/** "in 6 days" / "3 hours ago", relative to `now` so server and browser render the same. */
export function relative(iso: string | Date, now: string | Date): string {
  return formatDistanceStrict(new Date(iso), new Date(now), { addSuffix: true });
}
