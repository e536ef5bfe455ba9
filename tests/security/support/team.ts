// The team steps the security suites share: a member's agency context, an invitation and its
// token, and a new Admin who joined through the Owner's invitation (the real invitation path).
import { type AgencyContext, agencyContextFor } from "~/modules/agencies/agencies.server";
import { db } from "~/modules/db/db.server";
import { invitationToken } from "~/modules/team/invitation-token.server";
import { acceptInvitation, inviteStaff } from "~/modules/team/invitations.server";

export async function ctxOf(agencyId: string, userId: string): Promise<AgencyContext> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const { slug } = await db.agency.findUniqueOrThrow({ where: { id: agencyId } });
  return agencyContextFor({ id: user.id, email: user.email, name: user.name }, slug, "dashboard:read");
}

export async function invite(by: AgencyContext, email: string, role: "ADMIN" | "MEMBER") {
  const invited = await inviteStaff(by, { email, role });
  if (!invited.ok) throw new Error(invited.message);
  return {
    id: invited.invitationId,
    token: invitationToken(await db.staffInvitation.findUniqueOrThrow({ where: { id: invited.invitationId } })),
  };
}

/** A new Admin of the Owner's agency, who signed up through the Owner's invitation to `email`. */
export async function newAdmin(ownerCtx: AgencyContext, email: string): Promise<AgencyContext> {
  const { token } = await invite(ownerCtx, email, "ADMIN");
  const joined = await acceptInvitation(token, { signup: { name: "Ada Admin", password: "long enough password" } });
  if (!joined.ok) throw new Error(joined.message);
  return ctxOf(ownerCtx.agency.id, joined.userId);
}
