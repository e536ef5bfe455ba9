import { formatDateTime, relative } from "~/components/dates";

/**
 * A moment as people say it ("3 hours ago", "in 2 days"), with the exact date and time on hover
 * (`title`) and for machines (`<time dateTime>`). `now` comes from the loader, so the server's
 * HTML and the browser's first render say the same.
 */
export function When({ date, now, className }: { date: string | Date; now: string | Date; className?: string }) {
  const iso = new Date(date).toISOString();
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className={className}>
      {relative(iso, now)}
    </time>
  );
}
