import type { ComponentProps } from "react";

import type { ConfirmForm } from "~/components/ui/confirm-form";
import { roleWithArticle } from "~/modules/team/roles";

// The team page's questions (docs/decisions/040): each written once, here, for the dialog (with
// JavaScript) and for the confirmation the server asks for (without). The fields are what the
// form posts; the action asks (askToConfirm) when `confirmed=yes` is missing.

export type Question = Omit<ComponentProps<typeof ConfirmForm>, "variant" | "size">;
export type TeamMember = { user: { id: string; name: string; email: string }; role: string };
export type TeamInvitation = { id: string; email: string };
export type Me = { id: string; name: string };

/** "Make Owner": the Owner hands over and becomes an Admin (transferOwnership). Says who is demoted. */
export function transferQuestion(member: TeamMember, me: Me, ownersAfter: number): Question {
  const { name } = member.user;
  return {
    fields: { intent: "transfer", id: member.user.id },
    trigger: "Make Owner",
    title: `Make ${name} the Owner?`,
    description: (
      <>
        <p className="m-0">
          <strong>{me.name} will become an Admin</strong>; {name} will be {ownersAfter > 1 ? "an Owner" : "the Owner"}.
        </p>
        <p className="m-0 mt-2 text-muted">
          As an Admin you still manage the team and settings, but only an Owner can make you Owner again.
        </p>
      </>
    ),
    confirmLabel: `Make ${name} the Owner`,
    pendingLabel: "Handing over…",
  };
}

/** A role changed to Owner: a second Owner, with every right the current one has. */
export function ownerRoleQuestion(member: TeamMember): Question {
  const { name } = member.user;
  return {
    fields: { intent: "role", userId: member.user.id, role: "OWNER" },
    trigger: "Change role",
    title: `Make ${name} an Owner too?`,
    description: (
      <>
        <p className="m-0">
          {name} will be an Owner beside you, with the same rights: changing anyone&apos;s role, removing any member (you included) and
          handing over ownership. Nobody is demoted.
        </p>
        <p className="m-0 mt-2 text-muted">To hand over the agency and become an Admin yourself, use Make Owner instead.</p>
      </>
    ),
    confirmLabel: `Make ${name} an Owner`,
    pendingLabel: "Changing…",
  };
}

export function removeQuestion(member: TeamMember, agencyName: string): Question {
  const { name } = member.user;
  return {
    fields: { intent: "remove", id: member.user.id },
    trigger: "Remove",
    title: `Remove ${name} from ${agencyName}?`,
    description: (
      <p className="m-0">
        {name} ({roleWithArticle(member.role)}) loses access to {agencyName} at once, and the invitations {name} sent stop working
        {member.role === "MEMBER" ? "" : `, and so do the API keys ${name} made (${name} saw their secrets)`}. You can invite{" "}
        {member.user.email} again later.
      </p>
    ),
    confirmLabel: `Remove ${name}`,
    pendingLabel: "Removing…",
  };
}

export function withdrawQuestion(invitation: TeamInvitation): Question {
  return {
    fields: { intent: "cancel", id: invitation.id },
    trigger: "Withdraw",
    title: `Withdraw the invitation to ${invitation.email}?`,
    description: (
      <p className="m-0">
        The link in the email stops working: {invitation.email} is told the invitation was cancelled. You can invite them again later.
      </p>
    ),
    confirmLabel: "Withdraw invitation",
    pendingLabel: "Withdrawing…",
  };
}

/** Whether `fields` are what the server asked to confirm (the action's `confirmation`). */
export function isAsked(confirmation: Record<string, string> | undefined, fields: Record<string, string>): boolean {
  if (!confirmation) return false;
  const keys = Object.keys(fields);
  return keys.length === Object.keys(confirmation).length && keys.every((k) => confirmation[k] === fields[k]);
}

/** The question the server asked, among the page's own, or null (an id the page does not list). */
export function askedQuestion(
  confirmation: Record<string, string> | undefined,
  page: { members: TeamMember[]; invitations: TeamInvitation[]; me: Me; agencyName: string },
): Question | null {
  if (!confirmation) return null;
  const owners = page.members.filter((m) => m.role === "OWNER").length;
  const candidates = [
    ...page.members.flatMap((m) => [transferQuestion(m, page.me, owners), ownerRoleQuestion(m), removeQuestion(m, page.agencyName)]),
    ...page.invitations.map(withdrawQuestion),
  ];
  return candidates.find((q) => isAsked(confirmation, q.fields)) ?? null;
}
