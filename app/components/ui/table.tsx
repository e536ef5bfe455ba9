import { clsx } from "clsx";
import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";

// Tables of the kit (docs/decisions/040). From 768 px a table; below, each row is a card and
// each cell shows its column's name (`label`) before its value, so nothing scrolls sideways.

export function Table({ className, children, ...props }: HTMLAttributes<HTMLTableElement>) {
  return (
    <table
      className={clsx(
        "w-full border-collapse bg-transparent text-[0.95rem] md:rounded-lg md:bg-card",
        "[&_thead]:sr-only md:[&_thead]:not-sr-only",
        className,
      )}
      {...props}
    >
      {children}
    </table>
  );
}

export function Th({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      className={clsx(
        "border-0 border-b border-solid border-line px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-muted",
        className,
      )}
      {...props}
    />
  );
}

/** A row: a card on a phone, a table row from 768 px. */
export function Tr({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return (
    <tr
      className={clsx(
        "mb-3 block rounded-lg border border-solid border-line bg-card p-3 md:mb-0 md:table-row md:rounded-none md:border-0 md:p-0",
        className,
      )}
      {...props}
    />
  );
}

/** A cell; `label` is its column's name, shown before the value on a phone. */
export function Td({
  label,
  className,
  children,
  ...props
}: TdHTMLAttributes<HTMLTableCellElement> & { label?: string; children?: ReactNode }) {
  return (
    <td
      className={clsx(
        "flex gap-3 border-0 px-0 py-1 align-top md:table-cell md:border-b md:border-solid md:border-line md:px-3 md:py-2.5",
        className,
      )}
      {...props}
    >
      {label ? <span className="w-28 shrink-0 text-sm text-muted md:hidden">{label}</span> : null}
      <div className="min-w-0 flex-1 break-words">{children}</div>
    </td>
  );
}
