import { Form } from "@remix-run/react";

import { statusWords } from "~/modules/audit/event-words";

import { formatDateTime } from "./dates";
import { Badge, type Tone } from "./ui/badge";
import { SubmitButton } from "./ui/button";
import { Table, Td, Th, Tr } from "./ui/table";

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
  "access-ended": "Client: access ended, how to remove it",
};

const TONES: Record<string, Tone> = { QUEUED: "info", SENDING: "info", SENT: "success", FAILED: "danger", CANCELLED: "neutral" };

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
  if (emails.length === 0) return <p className="m-0 text-muted">No email for this link yet.</p>;
  return (
    <Table data-testid="emails" className="max-md:[&_td>div]:[overflow-wrap:anywhere]">
      <thead>
        <tr>
          <Th>Email</Th>
          <Th>To</Th>
          <Th>Status</Th>
          <Th>Attempts</Th>
          <Th>Last error</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {emails.map((e) => (
          <Tr key={e.id} data-email-status={e.status}>
            <Td label="Email">
              {label(e)}
              <div className="text-sm text-muted">{formatDateTime(e.createdAt)}</div>
            </Td>
            <Td label="To">{e.to}</Td>
            <Td label="Status">
              <Badge tone={TONES[e.status] ?? "neutral"}>{statusWords(e.status)}</Badge>
              {e.status === "SENT" && e.sentAt ? <div className="text-sm text-muted">{formatDateTime(e.sentAt)}</div> : null}
              {e.status === "QUEUED" && e.attempts > 0 ? (
                <div className="text-sm text-muted">next try {formatDateTime(e.nextAttemptAt)}</div>
              ) : null}
            </Td>
            <Td label="Attempts">{e.attempts}</Td>
            <Td label="Last error" className="text-muted">
              {e.lastError ?? "—"}
            </Td>
            <Td label="">
              {e.status === "FAILED" ? (
                <Form method="post" className="m-0">
                  <input type="hidden" name="emailId" value={e.id} />
                  <SubmitButton intent="retryEmail" variant="secondary" size="sm" pendingLabel="Retrying…">
                    Retry now
                  </SubmitButton>
                </Form>
              ) : null}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
