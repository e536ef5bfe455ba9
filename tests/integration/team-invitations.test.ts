import { addDays, addHours } from "date-fns";
import { beforeEach, describe, expect, it } from "vitest";

import { type AgencyContext, agencyContextFor } from "~/modules/agencies/agencies.server";
import { db } from "~/modules/db/db.server";
import { createMailboxTransport } from "~/modules/email/transports.server";
import { runWorkerCycle } from "~/modules/email/worker.server";
import { AppError } from "~/modules/http/errors";
import { invitationToken } from "~/modules/team/invitation-token.server";
import {
  acceptInvitation,
  cancelInvitation,
  INVITATIONS_PER_DAY,
  inviteStaff,
  loadInvitation,
  resendInvitation,
} from "~/modules/team/invitations.server";
import { changeRole, leaveAgency, removeMember, transferOwnership } from "~/modules/team/team.server";

import { makeAgency, type TestAgency } from "./helpers";

let owner: TestAgency;
let ownerCtx: AgencyContext;
const NOW = new Date();

async function ctxOf(agency: TestAgency, userId: string): Promise<AgencyContext> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const slug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;
  return agencyContextFor({ id: user.id, email: user.email, name: user.name }, slug, "dashboard:read");
}

async function tokenOf(invitationId: string) {
  return invitationToken(await db.staffInvitation.findUniqueOrThrow({ where: { id: invitationId } }));
}

/** Invites `email` as `role` and has them accept with a new account: returns their context. */
async function join(email: string, role: "ADMIN" | "MEMBER") {
  const invited = await inviteStaff(ownerCtx, { email, role }, NOW);
  if (!invited.ok) throw new Error(invited.message);
  const accepted = await acceptInvitation(
    await tokenOf(invited.invitationId),
    { signup: { name: "New Person", password: "long enough password" } },
    NOW,
  );
  if (!accepted.ok) throw new Error(accepted.message);
  return ctxOf(owner, accepted.userId);
}

beforeEach(async () => {
  owner = await makeAgency();
  ownerCtx = await ctxOf(owner, owner.userId);
});

describe("staff invitations", () => {
  it("queue an invitation email and let the invitee create an account and join with the role", async () => {
    const invited = await inviteStaff(ownerCtx, { email: "mia@agency.example", role: "MEMBER" }, NOW);
    expect(invited.ok).toBe(true);
    const email = await db.outboundEmail.findFirstOrThrow({ where: { agencyId: owner.agencyId, template: "staff-invitation" } });
    expect(email.to).toBe("mia@agency.example");
    expect(email.payload).not.toContain("."); // ids only: the token is derived at send time
    const token = await tokenOf(invited.ok ? invited.invitationId : "");
    const cycle = await runWorkerCycle(createMailboxTransport(), new Date(), false);
    expect(cycle.outcomes).toContain("sent");
    const mail = await db.mailboxMessage.findFirstOrThrow({ where: { outboundEmailId: email.id } });
    expect(mail.text).toContain(`/invite/${token}`);
    expect((await loadInvitation(token, NOW))?.status).toBe("pending");
    const accepted = await acceptInvitation(token, { signup: { name: "Mia Member", password: "long enough password" } }, NOW);
    expect(accepted.ok).toBe(true);
    const membership = await db.membership.findFirstOrThrow({ where: { agencyId: owner.agencyId, user: { email: "mia@agency.example" } } });
    expect(membership.role).toBe("MEMBER");
  });

  it("refuse a reused, cancelled or expired invitation and write nothing", async () => {
    const member = await join("once@agency.example", "MEMBER");
    const first = await db.staffInvitation.findFirstOrThrow({ where: { email: "once@agency.example" } });
    const reused = await acceptInvitation(invitationToken(first), { userId: member.user.id }, NOW);
    expect(reused).toMatchObject({ ok: false, status: 410 });

    const cancelled = await inviteStaff(ownerCtx, { email: "cancel@agency.example", role: "MEMBER" }, NOW);
    if (!cancelled.ok) throw new Error("invite failed");
    await cancelInvitation(ownerCtx, cancelled.invitationId, NOW);
    const refused = await acceptInvitation(
      await tokenOf(cancelled.invitationId),
      { signup: { name: "C", password: "long enough password" } },
      NOW,
    );
    expect(refused).toMatchObject({ ok: false, status: 410 });

    const expired = await inviteStaff(ownerCtx, { email: "late@agency.example", role: "MEMBER" }, NOW);
    if (!expired.ok) throw new Error("invite failed");
    const late = await acceptInvitation(
      await tokenOf(expired.invitationId),
      { signup: { name: "L", password: "long enough password" } },
      addDays(NOW, 8),
    );
    expect(late).toMatchObject({ ok: false, status: 410 });
    // No account was left behind by the refused sign-ups.
    expect(await db.user.count({ where: { email: { in: ["cancel@agency.example", "late@agency.example"] } } })).toBe(0);
  });

  it("refuse an invitation accepted by an account with another email", async () => {
    const other = await makeAgency("Other Agency");
    const invited = await inviteStaff(ownerCtx, { email: "right@agency.example", role: "ADMIN" }, NOW);
    if (!invited.ok) throw new Error("invite failed");
    const result = await acceptInvitation(await tokenOf(invited.invitationId), { userId: other.userId }, NOW);
    expect(result).toMatchObject({ ok: false, status: 403 });
    expect(await db.membership.count({ where: { agencyId: owner.agencyId, userId: other.userId } })).toBe(0);
  });

  it("resend: the old link dies, the new one works", async () => {
    const invited = await inviteStaff(ownerCtx, { email: "resend@agency.example", role: "MEMBER" }, NOW);
    if (!invited.ok) throw new Error("invite failed");
    const oldToken = await tokenOf(invited.invitationId);
    await resendInvitation(ownerCtx, invited.invitationId, addHours(NOW, 1));
    expect(await loadInvitation(oldToken, NOW)).toBeNull();
    const fresh = await acceptInvitation(
      await tokenOf(invited.invitationId),
      { signup: { name: "R", password: "long enough password" } },
      addHours(NOW, 2),
    );
    expect(fresh.ok).toBe(true);
  });

  it("refuse escalation: an Admin cannot invite or promote to Owner, a Member cannot manage at all", async () => {
    const admin = await join("admin@agency.example", "ADMIN");
    const member = await join("member@agency.example", "MEMBER");
    await expect(changeRole(admin, member.user.id, "OWNER")).rejects.toMatchObject({ status: 403 });
    await expect(changeRole(admin, owner.userId, "MEMBER")).rejects.toMatchObject({ status: 403 });
    await expect(changeRole(member, admin.user.id, "MEMBER")).rejects.toMatchObject({ status: 403 });
    expect(await inviteStaff(member, { email: "x@agency.example", role: "ADMIN" }, NOW)).toMatchObject({ ok: false, status: 403 });
    expect(await inviteStaff(member, { email: "y@agency.example", role: "MEMBER" }, NOW)).toMatchObject({ ok: false, status: 403 });
    expect(await inviteStaff(admin, { email: "z@agency.example", role: "ADMIN" }, NOW)).toMatchObject({ ok: true });
    expect((await db.membership.findFirstOrThrow({ where: { userId: member.user.id } })).role).toBe("MEMBER");
  });

  it("keep the last Owner: cannot leave, be demoted or removed; after a transfer they can", async () => {
    await expect(leaveAgency(ownerCtx)).rejects.toBeInstanceOf(AppError);
    await expect(changeRole(ownerCtx, owner.userId, "ADMIN")).rejects.toMatchObject({ status: 409 });
    const admin = await join("heir@agency.example", "ADMIN");
    await expect(removeMember(admin, owner.userId)).rejects.toMatchObject({ status: 403 });
    await transferOwnership(ownerCtx, admin.user.id);
    const roles = await db.membership.findMany({ where: { agencyId: owner.agencyId }, select: { userId: true, role: true } });
    expect(roles.find((r) => r.userId === admin.user.id)?.role).toBe("OWNER");
    expect(roles.find((r) => r.userId === owner.userId)?.role).toBe("ADMIN");
    await leaveAgency(await ctxOf(owner, owner.userId));
    expect(await db.membership.count({ where: { agencyId: owner.agencyId, userId: owner.userId } })).toBe(0);
  });

  it(`allow at most ${INVITATIONS_PER_DAY} invitations per agency per 24 hours`, async () => {
    for (let i = 0; i < INVITATIONS_PER_DAY; i++) {
      expect((await inviteStaff(ownerCtx, { email: `p${i}@agency.example`, role: "MEMBER" }, NOW)).ok).toBe(true);
    }
    // An hour later: the wait is until the first of the day leaves the 24-hour window, about 23 hours.
    const later = addHours(NOW, 1);
    const firstSent = (
      await db.event.findFirstOrThrow({ where: { agencyId: owner.agencyId, type: "team.invited" }, orderBy: { createdAt: "asc" } })
    ).createdAt;
    const wait = Math.ceil((addHours(firstSent, 24).getTime() - later.getTime()) / 1000);
    expect(wait).toBeGreaterThan(22 * 3600);
    const over = await inviteStaff(ownerCtx, { email: "one-too-many@agency.example", role: "MEMBER" }, later);
    expect(over).toMatchObject({
      ok: false,
      status: 429,
      retryAfterSeconds: wait,
      message: expect.stringMatching(/can go out in 2[34] hours\.$/),
    });
    expect(await db.staffInvitation.count({ where: { agencyId: owner.agencyId } })).toBe(INVITATIONS_PER_DAY);
    const first = await db.staffInvitation.findFirstOrThrow({ where: { agencyId: owner.agencyId, email: "p0@agency.example" } });
    await expect(resendInvitation(ownerCtx, first.id, later)).rejects.toMatchObject({
      status: 429,
      headers: { "Retry-After": String(wait) },
    });
    // Once that time has passed, the next one goes out.
    expect(
      (await inviteStaff(ownerCtx, { email: "next-day@agency.example", role: "MEMBER" }, new Date(later.getTime() + wait * 1000))).ok,
    ).toBe(true);
  });

  it("never act on another agency's invitation or member", async () => {
    const other = await makeAgency("Foreign Agency");
    const otherCtx = await ctxOf(other, other.userId);
    const invited = await inviteStaff(ownerCtx, { email: "mine@agency.example", role: "MEMBER" }, NOW);
    if (!invited.ok) throw new Error("invite failed");
    await expect(cancelInvitation(otherCtx, invited.invitationId, NOW)).rejects.toMatchObject({ status: 404 });
    await expect(resendInvitation(otherCtx, invited.invitationId, NOW)).rejects.toMatchObject({ status: 404 });
    await expect(removeMember(otherCtx, owner.userId)).rejects.toMatchObject({ status: 404 });
    expect((await db.staffInvitation.findUniqueOrThrow({ where: { id: invited.invitationId } })).cancelledAt).toBeNull();
  });
});
