import { format, formatDistanceStrict } from "date-fns";

export function formatDateTime(iso: string | Date | null | undefined): string {
  if (!iso) return "";
  return format(new Date(iso), "d MMM yyyy, HH:mm");
}

export function formatDate(iso: string | Date | null | undefined): string {
  if (!iso) return "";
  return format(new Date(iso), "d MMM yyyy");
}

/** "in 6 days" / "3 hours ago", relative to `now` so server and browser render the same. */
export function relative(iso: string | Date, now: string | Date): string {
  return formatDistanceStrict(new Date(iso), new Date(now), { addSuffix: true });
}
