import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";

import { Badge } from "~/components/ui/badge";
import { SubmitButton } from "~/components/ui/button";
import { ConfirmForm } from "~/components/ui/confirm-form";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { useHydrated } from "~/components/use-hydrated";
import { can, canGrantRole, canManageMember, type Role, ROLES } from "~/modules/agencies/permissions";
import { teamRoleWords } from "~/modules/audit/event-words";

import { isAsked, type Me, ownerRoleQuestion, removeQuestion, type TeamMember, transferQuestion } from "./questions";

type Props = {
  members: TeamMember[];
  me: Me & { role: Role };
  agencyName: string;
  /** What the server asked to confirm: that row's question is shown above the table instead. */
  confirmation?: Record<string, string>;
  /** Who signs in with two-factor, and whether the agency requires it (docs/decisions/047). */
  twoFactor?: { userIds: string[]; required: boolean };
};

/** Whether this page is posting `intent` for the row whose `field` is `value`. */
function usePostingRow(intent: string, field: string, value: string): boolean {
  const { state, formData } = useNavigation();
  return state !== "idle" && formData?.get("intent") === intent && formData.get(field) === value;
}

export function MembersTable({ members, me, agencyName, confirmation, twoFactor }: Props) {
  const owners = members.filter((m) => m.role === "OWNER").length;
  return (
    <Table data-testid="members">
      <thead>
        <tr>
          <Th>Member</Th>
          <Th>Role</Th>
          {twoFactor ? <Th>2FA</Th> : null}
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {members.map((m) => {
          const isMe = m.user.id === me.id;
          const manageable = !isMe && canManageMember(me.role, m.role as Role);
          const transfer = can(me.role, "team:transfer") && !isMe && m.role !== "OWNER" ? transferQuestion(m, me, owners) : null;
          const remove = manageable ? removeQuestion(m, agencyName) : null;
          return (
            <Tr key={m.user.id}>
              <Td label="Member">
                <span className="font-semibold">{m.user.name}</span>
                {isMe ? <span className="text-muted"> (you)</span> : null}
                <span className="block break-all text-sm text-muted">{m.user.email}</span>
              </Td>
              <Td label="Role">
                {manageable ? (
                  // Keyed by the stored role: after a change the select starts from the new one.
                  <RoleForm key={m.role} member={m} myRole={me.role} confirmation={confirmation} />
                ) : (
                  <Badge tone={m.role === "OWNER" ? "info" : "neutral"}>{teamRoleWords(m.role)}</Badge>
                )}
              </Td>
              {twoFactor ? (
                <Td label="2FA">
                  {twoFactor.userIds.includes(m.user.id) ? (
                    <Badge tone="success">On</Badge>
                  ) : (
                    <Badge tone={twoFactor.required ? "warning" : "neutral"}>{twoFactor.required ? "Off: must set up" : "Off"}</Badge>
                  )}
                </Td>
              ) : null}
              {/* On a phone a row without actions has no Actions line. */}
              <Td label="Actions" className={transfer || remove ? "md:text-right" : "hidden md:table-cell"}>
                <div className="flex flex-wrap gap-2 md:justify-end">
                  {transfer && !isAsked(confirmation, transfer.fields) ? <ConfirmForm {...transfer} variant="secondary" /> : null}
                  {remove && !isAsked(confirmation, remove.fields) ? <ConfirmForm {...remove} /> : null}
                </div>
              </Td>
            </Tr>
          );
        })}
      </tbody>
    </Table>
  );
}

/**
 * A member's role: a select and "Change role". Choosing Owner (a second Owner) needs a yes: with
 * JavaScript the button becomes the dialog's trigger; without, the server asks.
 */
function RoleForm({ member, myRole, confirmation }: { member: TeamMember; myRole: Role; confirmation?: Record<string, string> }) {
  const hydrated = useHydrated();
  const [role, setRole] = useState(member.role);
  const question = ownerRoleQuestion(member);
  const toOwner = hydrated && role === "OWNER" && member.role !== "OWNER";
  const posting = usePostingRow("role", "userId", member.user.id);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Form method="post" className="flex flex-wrap items-center gap-2">
        <input type="hidden" name="userId" value={member.user.id} />
        <select
          name="role"
          value={role}
          onChange={(e) => setRole(e.target.value)}
          aria-label={`Role of ${member.user.name}`}
          className="min-h-touch w-auto"
        >
          {ROLES.filter((r) => canGrantRole(myRole, r)).map((r) => (
            <option key={r} value={r}>
              {teamRoleWords(r)}
            </option>
          ))}
        </select>
        {toOwner ? null : (
          <SubmitButton intent="role" variant="secondary" size="sm" pending={posting} pendingLabel="Changing…">
            Change role
          </SubmitButton>
        )}
      </Form>
      {toOwner && !isAsked(confirmation, question.fields) ? <ConfirmForm {...question} variant="secondary" /> : null}
    </div>
  );
}
