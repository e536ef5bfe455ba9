import type { Prisma } from "@prisma/client";

import { type Actor, recordEvent } from "~/modules/audit/events.server";
import { requireVerifiedEmail } from "~/modules/auth/email-verification.server";
import { db } from "~/modules/db/db.server";
import { AppError, notFound } from "~/modules/http/errors";
import { effectiveLinkStatus, isOpenStatus } from "~/modules/links/link-state";

import { readableMailbox } from "./mailbox-readers";
import { enqueueEmail } from "./outbox.server";

type MailboxViewer = Parameters<typeof readableMailbox>[1];

/**
 * Staff send (or re-send) a link to its recipient: queued, and the timeline says "sent".
 * Returns the address it goes to, for the message that says so. `senderId`: the staff member
 * whose address must be verified (the actor, or an API key's maker).
 */
export async function sendLinkByEmail(
  agencyId: string,
  linkId: string,
  actor: Actor,
  now = new Date(),
  senderId: string | null = actor.type === "staff" ? actor.id : null,
): Promise<string> {
  return db.$transaction(async (tx) => (await sendIn(tx, agencyId, linkId, actor, now, senderId, false))!);
}

/**
 * The same send for a link never sent (an upload's "Email each client"): false, and nothing
 * queued, when it was sent already, even by a press at the same moment.
 */
export async function sendUnsentLinkByEmail(agencyId: string, linkId: string, actor: Actor, now = new Date()): Promise<boolean> {
  const senderId = actor.type === "staff" ? actor.id : null;
  return db.$transaction(async (tx) => (await sendIn(tx, agencyId, linkId, actor, now, senderId, true)) !== null);
}

async function sendIn(
  tx: Prisma.TransactionClient,
  agencyId: string,
  linkId: string,
  actor: Actor,
  now: Date,
  senderId: string | null,
  onlyUnsent: boolean,
): Promise<string | null> {
  // The claim is the transaction's first statement, a write: the database lets one of two
  // presses at once set sentAt, and the other claims nothing (a refusal below rolls it back).
  if (onlyUnsent) {
    const claimed = await tx.onboardingLink.updateMany({ where: { id: linkId, agencyId, sentAt: null }, data: { sentAt: now } });
    if (claimed.count === 0) return null;
  }
  if (senderId) await requireVerifiedEmail(tx, senderId);
  const link = await tx.onboardingLink.findFirst({ where: { id: linkId, agencyId } });
  if (!link) throw notFound("Link");
  const status = effectiveLinkStatus(link, now);
  if (!isOpenStatus(status)) {
    throw new AppError(
      409,
      status === "EXPIRED" ? "This link has expired: reissue it, then send it." : `A ${status.toLowerCase()} link cannot be sent.`,
    );
  }
  await enqueueEmail(tx, { agencyId, to: link.recipientEmail, payload: { template: "link-invitation", linkId } });
  await tx.onboardingLink.update({ where: { id: link.id }, data: { sentAt: now } });
  await recordEvent(tx, {
    agencyId,
    actor,
    type: "link.sent",
    linkId,
    clientId: link.clientId,
    details: { to: link.recipientEmail, again: !onlyUnsent && link.sentAt !== null },
  });
  return link.recipientEmail;
}

export async function listLinkEmails(agencyId: string, linkId: string) {
  return db.outboundEmail.findMany({
    where: { agencyId, linkId },
    select: {
      id: true,
      to: true,
      template: true,
      payload: true,
      status: true,
      attempts: true,
      lastError: true,
      createdAt: true,
      sentAt: true,
      nextAttemptAt: true,
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 50,
  });
}

/** "Retry now" for a failed email: a fresh round of attempts, due at once. */
export async function retryEmail(agencyId: string, emailId: string, actor: Actor, now = new Date()) {
  await db.$transaction(async (tx) => {
    if (actor.type === "staff") await requireVerifiedEmail(tx, actor.id);
    const email = await tx.outboundEmail.findFirst({ where: { id: emailId, agencyId }, select: { id: true, linkId: true, status: true } });
    if (!email) throw notFound("Email");
    const r = await tx.outboundEmail.updateMany({
      where: { id: emailId, agencyId, status: "FAILED" },
      data: { status: "QUEUED", attempts: 0, nextAttemptAt: now },
    });
    if (r.count !== 1) throw new AppError(409, "Only a failed email can be retried.");
    await recordEvent(tx, { agencyId, actor, type: "email.retried", linkId: email.linkId ?? undefined, details: { emailId } });
  });
}

export const DELIVERY_STATUSES = ["QUEUED", "SENDING", "SENT", "FAILED", "CANCELLED"] as const;

export async function emailDeliveryCounts(agencyId: string) {
  const groups = await db.outboundEmail.groupBy({ by: ["status"], where: { agencyId }, _count: { _all: true } });
  const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<(typeof DELIVERY_STATUSES)[number], number>;
  for (const g of groups) if (g.status in counts) counts[g.status as keyof typeof counts] = g._count._all;
  return counts;
}

const MAILBOX_PAGE = 50;

/** The Mailbox as `viewer` may read it (mailbox-readers.ts): newest first, a page at a time. */
export async function listMailbox(agencyId: string, viewer: MailboxViewer, cursor?: string) {
  const rows = await db.mailboxMessage.findMany({
    where: readableMailbox(agencyId, viewer),
    select: { id: true, to: true, subject: true, createdAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: MAILBOX_PAGE + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, MAILBOX_PAGE);
  return { items, nextCursor: rows.length > MAILBOX_PAGE ? items[items.length - 1]!.id : null };
}

/** One message, only if `viewer` may read it: any other answers "not found", as a foreign one does. */
export async function getMailboxMessage(agencyId: string, viewer: MailboxViewer, messageId: string) {
  const message = await db.mailboxMessage.findFirst({ where: { id: messageId, ...readableMailbox(agencyId, viewer) } });
  if (!message) throw notFound("Message");
  return message;
}
