import { Form, useNavigation } from "@remix-run/react";

import { Badge } from "~/components/ui/badge";
import { SubmitButton } from "~/components/ui/button";
import { ConfirmForm } from "~/components/ui/confirm-form";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { When } from "~/components/ui/when";
import { plural, teamRoleWords } from "~/modules/audit/event-words";

import { isAsked, withdrawQuestion } from "./questions";

export type InvitationRow = { id: string; email: string; role: string; sentCount: number; expiresAt: string; expired: boolean };

type Props = { invitations: InvitationRow[]; now: string; confirmation?: Record<string, string> };

export function InvitationsTable({ invitations, now, confirmation }: Props) {
  const { state, formData } = useNavigation();
  const resending = (id: string) => state !== "idle" && formData?.get("intent") === "resend" && formData.get("id") === id;
  return (
    <Table data-testid="invitations">
      <thead>
        <tr>
          <Th>Email</Th>
          <Th>Role</Th>
          <Th>Sent</Th>
          <Th>Expires</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {invitations.map((i) => {
          const withdraw = withdrawQuestion(i);
          return (
            <Tr key={i.id}>
              <Td label="Email">
                <span className="break-all">{i.email}</span>
              </Td>
              <Td label="Role">{teamRoleWords(i.role)}</Td>
              <Td label="Sent">{plural(i.sentCount, "time")}</Td>
              <Td label="Expires">{i.expired ? <Badge tone="danger">Expired</Badge> : <When date={i.expiresAt} now={now} />}</Td>
              <Td label="Actions" className="md:text-right">
                <div className="flex flex-wrap gap-2 md:justify-end">
                  <Form method="post">
                    <input type="hidden" name="id" value={i.id} />
                    <SubmitButton intent="resend" variant="secondary" size="sm" pending={resending(i.id)} pendingLabel="Sending…">
                      {i.expired ? "Send a new link" : "Resend"}
                    </SubmitButton>
                  </Form>
                  {isAsked(confirmation, withdraw.fields) ? null : <ConfirmForm {...withdraw} />}
                </div>
              </Td>
            </Tr>
          );
        })}
      </tbody>
    </Table>
  );
}
