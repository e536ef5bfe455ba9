import type { Prisma } from "@prisma/client";

import type { AgencyContext } from "~/modules/agencies/agencies.server";
import { can, canGrantRole, canManageMember, type Role } from "~/modules/agencies/permissions";
import { revokeKeysBeyondRole } from "~/modules/api/api-keys.server";
import { type Actor, recordEvent } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";
import { AppError, forbidden, notFound } from "~/modules/http/errors";

import { cancelInvitationsBeyondRole } from "./invitations.server";

const staff = (ctx: AgencyContext) => ({ type: "staff" as const, id: ctx.user.id, label: ctx.user.email });

export async function listMembers(agencyId: string) {
  return db.membership.findMany({
    where: { agencyId },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
}

async function memberOf(tx: Prisma.TransactionClient, agencyId: string, userId: string) {
  const membership = await tx.membership.findUnique({
    where: { agencyId_userId: { agencyId, userId } },
    include: { user: { select: { name: true } } },
  });
  if (!membership) throw notFound("Member");
  return membership;
}

/**
 * What lapses when a member's role drops or their membership ends: the invitations they may no
 * longer send, and the API keys they may no longer manage (they saw the secrets).
 */
async function lapseBeyondRole(
  tx: Prisma.TransactionClient,
  change: { agencyId: string; userId: string; role: Role | null; actor: Actor; reason: "role_changed" | "left_agency" },
) {
  await cancelInvitationsBeyondRole(tx, { ...change, inviterId: change.userId });
  await revokeKeysBeyondRole(tx, { ...change, makerId: change.userId });
}

/** An agency always keeps at least one Owner. */
async function assertNotLastOwner(tx: Prisma.TransactionClient, agencyId: string, membership: { role: string }) {
  if (membership.role !== "OWNER") return;
  const owners = await tx.membership.count({ where: { agencyId, role: "OWNER" } });
  if (owners <= 1) throw new AppError(409, "The last Owner cannot leave or be demoted: make someone else Owner first.");
}

/** The team changes that want a fresh password first (docs/decisions/048). */
export type SensitiveChange = { kind: "transfer" } | { kind: "remove"; userId: string } | { kind: "role"; userId: string; role: Role };

/**
 * Whether a change needs recent authentication: handing over ownership, and removing or demoting
 * an Owner. Asked before the change, so a refused one changes nothing.
 */
export async function needsRecentAuth(ctx: AgencyContext, change: SensitiveChange): Promise<boolean> {
  if (change.kind === "transfer") return true;
  const target = await db.membership.findUnique({
    where: { agencyId_userId: { agencyId: ctx.agency.id, userId: change.userId } },
    select: { role: true },
  });
  if (target?.role !== "OWNER") return false;
  return change.kind === "remove" || change.role !== "OWNER";
}

/** What a team change did, for the message that ends it: whose role, and whether it changed. */
export type MemberChange = { name: string; changed: boolean };

export async function changeRole(ctx: AgencyContext, userId: string, role: Role): Promise<MemberChange> {
  if (!can(ctx.role, "team:manage")) throw forbidden();
  if (!canGrantRole(ctx.role, role)) throw forbidden("You cannot grant a role above your own.");
  return db.$transaction(async (tx) => {
    const target = await memberOf(tx, ctx.agency.id, userId);
    if (!canManageMember(ctx.role, target.role as Role)) throw forbidden("Only an Owner can change an Owner's role.");
    if (target.role === role) return { name: target.user.name, changed: false };
    if (role !== "OWNER") await assertNotLastOwner(tx, ctx.agency.id, target);
    await tx.membership.update({ where: { id: target.id }, data: { role } });
    await recordEvent(tx, {
      agencyId: ctx.agency.id,
      actor: staff(ctx),
      type: "team.role_changed",
      details: { userId, from: target.role, to: role },
    });
    await lapseBeyondRole(tx, { agencyId: ctx.agency.id, userId, role, actor: staff(ctx), reason: "role_changed" });
    return { name: target.user.name, changed: true };
  });
}

export async function removeMember(ctx: AgencyContext, userId: string): Promise<MemberChange> {
  if (!can(ctx.role, "team:manage")) throw forbidden();
  if (userId === ctx.user.id) throw new AppError(400, "To leave the agency yourself, use Leave.");
  return db.$transaction(async (tx) => {
    const target = await memberOf(tx, ctx.agency.id, userId);
    if (!canManageMember(ctx.role, target.role as Role)) throw forbidden("Only an Owner can remove an Owner.");
    await assertNotLastOwner(tx, ctx.agency.id, target);
    await tx.membership.delete({ where: { id: target.id } });
    await tx.session.deleteMany({ where: { userId, user: { memberships: { none: {} } } } });
    await recordEvent(tx, {
      agencyId: ctx.agency.id,
      actor: staff(ctx),
      type: "team.member_removed",
      details: { userId, role: target.role },
    });
    await lapseBeyondRole(tx, { agencyId: ctx.agency.id, userId, role: null, actor: staff(ctx), reason: "left_agency" });
    return { name: target.user.name, changed: true };
  });
}

export async function leaveAgency(ctx: AgencyContext) {
  await db.$transaction(async (tx) => {
    const me = await memberOf(tx, ctx.agency.id, ctx.user.id);
    await assertNotLastOwner(tx, ctx.agency.id, me);
    await tx.membership.delete({ where: { id: me.id } });
    await recordEvent(tx, { agencyId: ctx.agency.id, actor: staff(ctx), type: "team.member_left", details: { role: me.role } });
    await lapseBeyondRole(tx, { agencyId: ctx.agency.id, userId: ctx.user.id, role: null, actor: staff(ctx), reason: "left_agency" });
  });
}

/** The Owner hands ownership to another member and becomes an Admin, in one step. */
export async function transferOwnership(ctx: AgencyContext, toUserId: string): Promise<MemberChange> {
  if (!can(ctx.role, "team:transfer")) throw forbidden("Only an Owner can transfer ownership.");
  if (toUserId === ctx.user.id) throw new AppError(400, "Choose another member.");
  return db.$transaction(async (tx) => {
    const target = await memberOf(tx, ctx.agency.id, toUserId);
    const me = await memberOf(tx, ctx.agency.id, ctx.user.id);
    await tx.membership.update({ where: { id: target.id }, data: { role: "OWNER" } });
    await tx.membership.update({ where: { id: me.id }, data: { role: "ADMIN" } });
    await recordEvent(tx, { agencyId: ctx.agency.id, actor: staff(ctx), type: "team.ownership_transferred", details: { to: toUserId } });
    // An Admin still grants every invitable role: nothing lapses today, but every role change goes through the rule.
    await lapseBeyondRole(tx, { agencyId: ctx.agency.id, userId: ctx.user.id, role: "ADMIN", actor: staff(ctx), reason: "role_changed" });
    return { name: target.user.name, changed: true };
  });
}

/** The agencies a user belongs to, for the switcher. */
export async function listUserAgencies(userId: string) {
  const rows = await db.membership.findMany({
    where: { userId },
    select: { role: true, agency: { select: { name: true, slug: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({ name: r.agency.name, slug: r.agency.slug, role: r.role }));
}
