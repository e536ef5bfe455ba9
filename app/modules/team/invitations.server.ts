import type { Prisma } from "@prisma/client";
import { addDays, addHours, formatDistanceStrict, subHours } from "date-fns";
import type { z } from "zod";

import type { AgencyContext } from "~/modules/agencies/agencies.server";
import { can, canGrantRole, canSendInvitation, type Role } from "~/modules/agencies/permissions";
import { type Actor, recordEvent } from "~/modules/audit/events.server";
import { isEmailVerified, requireVerifiedEmail, UNVERIFIED_EMAIL_MESSAGE } from "~/modules/auth/email-verification.server";
import { hashPassword } from "~/modules/auth/password.server";
import { db } from "~/modules/db/db.server";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { AppError, forbidden, notFound } from "~/modules/http/errors";
import { floorToSecond, type VerifiedLinkToken } from "~/modules/links/token.server";

import { invitationToken, isInvitationPending, tokenHash, verifyInvitationToken } from "./invitation-token.server";
import { type AcceptWithSignupSchema, INVITABLE_ROLES, type InviteSchema } from "./schemas";

export const INVITATION_LIFETIME_DAYS = 7;
export const INVITATIONS_PER_DAY = 50;

const staff = (ctx: AgencyContext) => ({ type: "staff" as const, id: ctx.user.id, label: ctx.user.email });

export type InviteResult =
  { ok: true; invitationId: string } | { ok: false; field: string; message: string; status?: number; retryAfterSeconds?: number };

const INVITATION_EVENTS = ["team.invited", "team.invitation_resent"];

/**
 * Null while the agency may send another invitation; otherwise the seconds until it may, when
 * the oldest of the last 24 hours' invitations leaves the window.
 */
async function invitationWait(tx: Prisma.TransactionClient, agencyId: string, now: Date): Promise<number | null> {
  const window = { agencyId, type: { in: INVITATION_EVENTS }, createdAt: { gt: subHours(now, 24) } };
  if ((await tx.event.count({ where: window })) < INVITATIONS_PER_DAY) return null;
  const oldest = await tx.event.findFirst({ where: window, orderBy: { createdAt: "asc" }, select: { createdAt: true } });
  const until = addHours(oldest?.createdAt ?? now, 24).getTime();
  return Math.max(1, Math.ceil((until - now.getTime()) / 1000));
}

function tooManyInvitations(waitSeconds: number): string {
  // "42 minutes", "21 hours": rounded up, so the message never promises an earlier time than Retry-After.
  const when = formatDistanceStrict(0, waitSeconds * 1000, { roundingMethod: "ceil" });
  return `At most ${INVITATIONS_PER_DAY} invitations per 24 hours: the next one can go out in ${when}.`;
}

/** Invites by email with a role; the email (a single-use link valid 7 days) goes through the outbox. */
export async function inviteStaff(ctx: AgencyContext, input: z.infer<typeof InviteSchema>, now = new Date()): Promise<InviteResult> {
  if (!can(ctx.role, "team:manage")) return { ok: false, field: "email", message: "Only Owners and Admins invite people.", status: 403 };
  if (!canGrantRole(ctx.role, input.role))
    return { ok: false, field: "role", message: "You cannot grant a role above your own.", status: 403 };
  return db.$transaction(async (tx) => {
    const inviter = await tx.user.findUniqueOrThrow({ where: { id: ctx.user.id }, select: { emailVerifiedAt: true } });
    if (!isEmailVerified(inviter)) return { ok: false as const, field: "email", message: UNVERIFIED_EMAIL_MESSAGE, status: 403 };
    const wait = await invitationWait(tx, ctx.agency.id, now);
    if (wait !== null)
      return { ok: false as const, field: "email", message: tooManyInvitations(wait), status: 429, retryAfterSeconds: wait };
    const member = await tx.membership.findFirst({
      where: { agencyId: ctx.agency.id, user: { email: input.email } },
      select: { id: true },
    });
    if (member) return { ok: false as const, field: "email", message: "This person is already a member." };
    const pending = await tx.staffInvitation.findFirst({
      where: { agencyId: ctx.agency.id, email: input.email, acceptedAt: null, cancelledAt: null, expiresAt: { gte: now } },
      select: { id: true },
    });
    if (pending)
      return { ok: false as const, field: "email", message: "An invitation to this address is pending: resend it from the list." };
    const expiresAt = floorToSecond(addDays(now, INVITATION_LIFETIME_DAYS));
    const created = await tx.staffInvitation.create({
      data: {
        agencyId: ctx.agency.id,
        email: input.email,
        role: input.role,
        expiresAt,
        invitedById: ctx.user.id,
        tokenHash: `pending-${crypto.randomUUID()}`,
      },
    });
    await tx.staffInvitation.update({ where: { id: created.id }, data: { tokenHash: tokenHash(invitationToken(created)) } });
    await enqueueEmail(tx, {
      agencyId: ctx.agency.id,
      to: input.email,
      payload: { template: "staff-invitation", invitationId: created.id },
    });
    await recordEvent(tx, {
      agencyId: ctx.agency.id,
      actor: staff(ctx),
      type: "team.invited",
      details: { email: input.email, role: input.role },
    });
    return { ok: true as const, invitationId: created.id };
  });
}

/** A new link (the old one stops working) and a fresh 7 days. Returns the address it went to. */
export async function resendInvitation(ctx: AgencyContext, invitationId: string, now = new Date()): Promise<{ email: string }> {
  if (!can(ctx.role, "team:manage")) throw forbidden();
  return db.$transaction(async (tx) => {
    await requireVerifiedEmail(tx, ctx.user.id);
    const invitation = await tx.staffInvitation.findFirst({ where: { id: invitationId, agencyId: ctx.agency.id } });
    if (!invitation) throw notFound("Invitation");
    if (invitation.acceptedAt || invitation.cancelledAt) throw new AppError(409, "This invitation was already accepted or cancelled.");
    const wait = await invitationWait(tx, ctx.agency.id, now);
    if (wait !== null) throw new AppError(429, tooManyInvitations(wait), { "Retry-After": String(wait) });
    const next = {
      id: invitation.id,
      sentCount: invitation.sentCount + 1,
      expiresAt: floorToSecond(addDays(now, INVITATION_LIFETIME_DAYS)),
    };
    const r = await tx.staffInvitation.updateMany({
      where: { id: invitation.id, sentCount: invitation.sentCount, acceptedAt: null, cancelledAt: null },
      data: { sentCount: next.sentCount, expiresAt: next.expiresAt, tokenHash: tokenHash(invitationToken(next)) },
    });
    if (r.count !== 1) throw new AppError(409, "The invitation changed meanwhile: reload and try again.");
    await enqueueEmail(tx, {
      agencyId: ctx.agency.id,
      to: invitation.email,
      payload: { template: "staff-invitation", invitationId: invitation.id },
    });
    await recordEvent(tx, {
      agencyId: ctx.agency.id,
      actor: staff(ctx),
      type: "team.invitation_resent",
      details: { email: invitation.email },
    });
    return { email: invitation.email };
  });
}

/** Returns the address the invitation was for. */
export async function cancelInvitation(ctx: AgencyContext, invitationId: string, now = new Date()): Promise<{ email: string }> {
  if (!can(ctx.role, "team:manage")) throw forbidden();
  return db.$transaction(async (tx) => {
    const r = await tx.staffInvitation.updateMany({
      where: { id: invitationId, agencyId: ctx.agency.id, acceptedAt: null, cancelledAt: null },
      data: { cancelledAt: now },
    });
    if (r.count !== 1) {
      const exists = await tx.staffInvitation.findFirst({ where: { id: invitationId, agencyId: ctx.agency.id }, select: { id: true } });
      if (!exists) throw notFound("Invitation");
      throw new AppError(409, "This invitation was already accepted or cancelled.");
    }
    await recordEvent(tx, { agencyId: ctx.agency.id, actor: staff(ctx), type: "team.invitation_cancelled", details: { invitationId } });
    const { email } = await tx.staffInvitation.findUniqueOrThrow({ where: { id: invitationId }, select: { email: true } });
    return { email };
  });
}

export async function listPendingInvitations(agencyId: string, now = new Date()) {
  return db.staffInvitation
    .findMany({
      where: { agencyId, acceptedAt: null, cancelledAt: null },
      select: { id: true, email: true, role: true, expiresAt: true, sentCount: true, createdAt: true },
      orderBy: { createdAt: "desc" },
      take: 100,
    })
    .then((rows) => rows.map((r) => ({ ...r, expired: r.expiresAt.getTime() < now.getTime() })));
}

export type InvitationStatus = "pending" | "expired" | "cancelled" | "accepted";

export type InvitationView = {
  status: InvitationStatus;
  agencyName: string;
  agencySlug: string;
  email: string;
  role: Role;
  hasAccount: boolean;
};

/**
 * An invitation is only as good as its inviter's right to grant it (docs/decisions/033): it can
 * be accepted while the inviter is a member who may still invite people with that role.
 */
export function inviterMayGrant(inviterRole: string | null | undefined, invitedRole: string): boolean {
  return !!inviterRole && canSendInvitation(inviterRole, invitedRole);
}

type InvitationRow = Prisma.StaffInvitationGetPayload<{ include: { agency: { select: { name: true; slug: true } } } }>;

/**
 * The invitation a verified token names, with its status; null when the token is not the
 * invitation's current one. An invitation whose inviter may no longer grant its role counts as
 * cancelled, even if nothing cancelled it yet.
 */
async function findInvitation(
  tx: Prisma.TransactionClient,
  claims: VerifiedLinkToken,
  now: Date,
): Promise<{ invitation: InvitationRow; status: InvitationStatus } | null> {
  const invitation = await tx.staffInvitation.findUnique({
    where: { id: claims.linkId },
    include: { agency: { select: { name: true, slug: true } } },
  });
  if (!invitation || invitation.sentCount !== claims.version || invitation.expiresAt.getTime() !== claims.expiresAt.getTime()) return null;
  if (invitation.acceptedAt) return { invitation, status: "accepted" };
  if (invitation.cancelledAt) return { invitation, status: "cancelled" };
  if (!isInvitationPending(invitation, now)) return { invitation, status: "expired" };
  const inviter = await tx.membership.findUnique({
    where: { agencyId_userId: { agencyId: invitation.agencyId, userId: invitation.invitedById } },
    select: { role: true },
  });
  return { invitation, status: inviterMayGrant(inviter?.role, invitation.role) ? "pending" : "cancelled" };
}

/** The public view of an invitation token, or null when the token is not one of ours. */
export async function loadInvitation(token: string, now = new Date()): Promise<InvitationView | null> {
  const claims = verifyInvitationToken(token);
  if (!claims) return null;
  const found = await findInvitation(db, claims, now);
  if (!found) return null;
  const { invitation, status } = found;
  const hasAccount = (await db.user.count({ where: { email: invitation.email } })) > 0;
  return {
    status,
    agencyName: invitation.agency.name,
    agencySlug: invitation.agency.slug,
    email: invitation.email,
    role: invitation.role as Role,
    hasAccount,
  };
}

/**
 * Cancels the pending invitations `inviterId` sent that their role from now on (`role`, or null
 * once they are no longer a member) does not let them grant. Called in the transaction of every
 * change of a member's role or membership (team.server.ts), so the team page and the invitee see
 * the invitation cancelled (docs/decisions/033). Expired ones too: a resend would revive them.
 */
export async function cancelInvitationsBeyondRole(
  tx: Prisma.TransactionClient,
  change: { agencyId: string; inviterId: string; role: Role | null; actor: Actor; reason: "role_changed" | "left_agency" },
  now = new Date(),
): Promise<number> {
  const grantable = INVITABLE_ROLES.filter((r) => inviterMayGrant(change.role, r));
  const lapsed = await tx.staffInvitation.findMany({
    where: { agencyId: change.agencyId, invitedById: change.inviterId, acceptedAt: null, cancelledAt: null, role: { notIn: grantable } },
    select: { id: true, email: true, role: true },
  });
  if (lapsed.length === 0) return 0;
  await tx.staffInvitation.updateMany({
    where: { id: { in: lapsed.map((i) => i.id) }, acceptedAt: null, cancelledAt: null },
    data: { cancelledAt: now },
  });
  for (const invitation of lapsed) {
    await recordEvent(tx, {
      agencyId: change.agencyId,
      actor: change.actor,
      type: "team.invitation_cancelled",
      details: { invitationId: invitation.id, email: invitation.email, role: invitation.role, reason: `inviter_${change.reason}` },
    });
  }
  return lapsed.length;
}

export type AcceptResult = { ok: true; userId: string; agencySlug: string } | { ok: false; status: number; message: string };

type Accepting = { userId: string } | { signup: z.infer<typeof AcceptWithSignupSchema> };

const REFUSALS: Record<Exclude<InvitationStatus, "pending">, string> = {
  accepted: "This invitation was already used.",
  cancelled: "This invitation was cancelled: ask the agency for a new one.",
  expired: "This invitation has expired: ask for a new one.",
};

/**
 * The invitation, if `who` can accept it now; otherwise throws Refused. Read once before a
 * sign-up's password is hashed, so a dead invitation costs a read and no argon2 (finding 7), and
 * again inside the accepting transaction, where it decides.
 */
async function acceptable(tx: Prisma.TransactionClient, claims: VerifiedLinkToken, who: Accepting, now: Date): Promise<InvitationRow> {
  const found = await findInvitation(tx, claims, now);
  if (!found) throw new Refused(404, "This invitation is not valid.");
  const { invitation, status } = found;
  if (status !== "pending") throw new Refused(410, REFUSALS[status]);
  if ("userId" in who) {
    const user = await tx.user.findUnique({ where: { id: who.userId }, select: { email: true } });
    if (!user || user.email !== invitation.email) {
      throw new Refused(403, `This invitation is for ${invitation.email}. Log in with that address to accept it.`);
    }
    if (await tx.membership.findUnique({ where: { agencyId_userId: { agencyId: invitation.agencyId, userId: who.userId } } })) {
      throw new Refused(409, "You are already a member of this agency.");
    }
  } else if (await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } })) {
    // The account may be the one a simultaneous sign-up with this invitation just made, committed
    // after the invitation was read above: then the invitation is used, and says so.
    const used = await tx.staffInvitation.findUnique({ where: { id: invitation.id }, select: { acceptedAt: true } });
    if (used?.acceptedAt) throw new Refused(410, REFUSALS.accepted);
    throw new Refused(409, "An account with this email exists: log in to accept.");
  }
  return invitation;
}

/**
 * Accepting is one transaction: a conditional update claims the invitation (refusing an
 * expired, cancelled or already used one), the email must match, the inviter must still be
 * allowed to grant the role, and the membership is created with the invited role (never above
 * it). `signup` creates the account first when there is none; its password is hashed only once
 * the invitation was found acceptable.
 */
export async function acceptInvitation(token: string, who: Accepting, now = new Date()): Promise<AcceptResult> {
  const claims = verifyInvitationToken(token);
  if (!claims) return { ok: false, status: 404, message: "This invitation is not valid." };
  try {
    let passwordHash: string | null = null;
    if ("signup" in who) {
      await acceptable(db, claims, who, now);
      passwordHash = await hashPassword(who.signup.password);
    }
    return await db.$transaction(async (tx) => {
      const invitation = await acceptable(tx, claims, who, now);
      // Claimed before the account is made: of two acceptances at once, the second waits for the
      // first's claim (PostgreSQL's row lock, SQLite's one writer) and then claims nothing.
      const claimed = await tx.staffInvitation.updateMany({
        where: { id: invitation.id, sentCount: invitation.sentCount, acceptedAt: null, cancelledAt: null, expiresAt: { gte: now } },
        data: { acceptedAt: now, ...("userId" in who ? { acceptedById: who.userId } : {}) },
      });
      if (claimed.count !== 1) throw new Refused(410, REFUSALS.accepted);
      let userId: string;
      if ("userId" in who) userId = who.userId;
      else {
        // The invitation reached this address and was opened: that proves it (docs/decisions/046).
        const proven = { emailVerifiedAt: now };
        userId = (
          await tx.user.create({ data: { email: invitation.email, name: who.signup.name, passwordHash: passwordHash!, ...proven } })
        ).id;
        await tx.staffInvitation.update({ where: { id: invitation.id }, data: { acceptedById: userId } });
      }
      // The invited role, never above it: ownership moves only by transfer.
      const role = invitation.role === "ADMIN" ? "ADMIN" : "MEMBER";
      await tx.membership.create({ data: { agencyId: invitation.agencyId, userId, role } });
      await recordEvent(tx, {
        agencyId: invitation.agencyId,
        actor: { type: "staff", id: userId, label: invitation.email },
        type: "team.joined",
        details: { role },
      });
      return { ok: true as const, userId, agencySlug: invitation.agency.slug };
    });
  } catch (error) {
    // Thrown, so the transaction rolls back: no account without its membership.
    if (error instanceof Refused) return { ok: false, status: error.status, message: error.message };
    throw error;
  }
}

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
