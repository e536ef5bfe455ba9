const LABELS: Record<string, string> = {
  PENDING: "Pending",
  OPENED: "Opened",
  COMPLETED: "Completed",
  DECLINED: "Declined",
  EXPIRED: "Expired",
  REVOKED: "Revoked",
  INVITED: "Invited",
  ACTIVE: "Active",
  INVITE_EXPIRED: "Invitation expired",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-status={status}>
      {LABELS[status] ?? status}
    </span>
  );
}
