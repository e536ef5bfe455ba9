import { Form } from "@remix-run/react";

import { formatDateTime } from "./dates";

type EmailRow = {
  id: string;
  to: string;
  template: string;
  payload: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string;
};

const LABELS: Record<string, string> = {
  "link-invitation": "Onboarding link",
  "link-not-opened": "Reminder: not opened",
  "link-expiring": "Reminder: expiring",
  "invite-not-accepted": "Reminder: invitation not accepted",
  "invite-expired": "Reminder: resend invitation",
  "link-opened": "Agency: opened",
  "link-completed": "Agency: completed",
  "link-declined": "Agency: declined",
  "new-link-requested": "Agency: new link requested",
};

function label(row: EmailRow): string {
  try {
    const kind = (JSON.parse(row.payload) as { kind?: string }).kind;
    return LABELS[kind ?? row.template] ?? row.template;
  } catch {
    return row.template;
  }
}

/** A link's emails with their delivery state; failed ones can be retried at once. */
export function EmailTable({ emails }: { emails: EmailRow[] }) {
  if (emails.length === 0) return <p className="muted">No email for this link yet.</p>;
  return (
    <table data-testid="emails">
      <thead>
        <tr>
          <th>Email</th>
          <th>To</th>
          <th>Status</th>
          <th>Attempts</th>
          <th>Last error</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {emails.map((e) => (
          <tr key={e.id} data-email-status={e.status}>
            <td>
              {label(e)}
              <br />
              <span className="muted">{formatDateTime(e.createdAt)}</span>
            </td>
            <td>{e.to}</td>
            <td>
              <span className={`badge badge-email-${e.status.toLowerCase()}`}>{e.status.toLowerCase()}</span>
              {e.status === "SENT" && e.sentAt ? (
                <>
                  <br />
                  <span className="muted">{formatDateTime(e.sentAt)}</span>
                </>
              ) : null}
              {e.status === "QUEUED" && e.attempts > 0 ? (
                <>
                  <br />
                  <span className="muted">next try {formatDateTime(e.nextAttemptAt)}</span>
                </>
              ) : null}
            </td>
            <td>{e.attempts}</td>
            <td className="muted">{e.lastError ?? ""}</td>
            <td>
              {e.status === "FAILED" ? (
                <Form method="post">
                  <input type="hidden" name="emailId" value={e.id} />
                  <button type="submit" name="intent" value="retryEmail" className="small secondary">
                    Retry now
                  </button>
                </Form>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
