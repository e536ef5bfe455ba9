// Who on an agency's staff may read a message in the local Mailbox (docs/decisions/034). The
// Mailbox holds whole emails, links included: a staff invitation is a credential that makes its
// holder a member with its role, so no one may read one they could not have sent themselves.
import { canSendInvitation, type Role, ROLES } from "~/modules/agencies/permissions";

import type { EmailTemplateName } from "../../../emails/types";

export const MAILBOX_READERS = ["AGENCY", "INVITERS", "ADDRESSEE"] as const;

/**
 * - AGENCY: email to the agency's clients (their link, reminders, access ended): every staff
 *   member may read it, since every member may create and send those links;
 * - INVITERS: a staff invitation: only staff who may send an invitation of `role`;
 * - ADDRESSEE: anything else, which is mail to a staff account (notifications, digests, and any
 *   later template such as a password reset): only that account. New templates start here.
 */
export type MailboxReaders = { readers: "AGENCY" | "ADDRESSEE"; readersRole: null } | { readers: "INVITERS"; readersRole: Role };

const CLIENT_FACING: readonly EmailTemplateName[] = ["link-invitation", "link-forwarded", "client-reminder", "access-ended"];

/** The readers of an email of `template`; a staff invitation also names the role it grants. */
export function mailboxReaders(template: EmailTemplateName, invitedRole?: Role): MailboxReaders {
  if (template === "staff-invitation") return { readers: "INVITERS", readersRole: invitedRole ?? "OWNER" };
  return { readers: CLIENT_FACING.includes(template) ? "AGENCY" : "ADDRESSEE", readersRole: null };
}

/** The roles whose invitations `role` may send (none for those who may not invite at all). */
function invitableBy(role: Role): Role[] {
  return ROLES.filter((target) => canSendInvitation(role, target));
}

/** The `where` that keeps a Mailbox query to what `viewer` may read in `agencyId`. */
export function readableMailbox(agencyId: string, viewer: { role: Role; email: string }) {
  const invitable = invitableBy(viewer.role);
  return {
    agencyId,
    OR: [
      { readers: "AGENCY" },
      { readers: "ADDRESSEE", to: viewer.email },
      ...(invitable.length > 0 ? [{ readers: "INVITERS", readersRole: { in: invitable } }] : []),
    ],
  };
}
