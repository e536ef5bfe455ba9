import type { Prisma } from "@prisma/client";

import type { AgencyNotificationKind } from "../../../emails/types";
import { type EmailJob, enqueueEmail } from "./outbox.server";

/**
 * Tells the agency what a client did: the link's creator and the agency's notification address
 * each get one email, queued in the transaction that recorded the client's action.
 */
export async function notifyAgency(
  tx: Prisma.TransactionClient,
  link: { id: string; agencyId: string },
  kind: AgencyNotificationKind,
): Promise<void> {
  const row = await tx.onboardingLink.findUniqueOrThrow({
    where: { id: link.id },
    select: { createdBy: { select: { email: true } }, agency: { select: { notificationEmail: true } } },
  });
  for (const job of agencyNotifications(link, kind, { creator: row.createdBy.email, agency: row.agency.notificationEmail })) {
    await enqueueEmail(tx, job);
  }
}

/** The emails of one notification: one per distinct address, the creator's and the agency's. */
export function agencyNotifications(
  link: { id: string; agencyId: string },
  kind: AgencyNotificationKind,
  addresses: { creator: string; agency: string | null },
): EmailJob[] {
  const recipients = new Set([addresses.creator, addresses.agency].filter((v): v is string => Boolean(v)));
  return [...recipients].map((to) => ({
    agencyId: link.agencyId,
    to,
    payload: { template: "agency-notification", kind, linkId: link.id },
  }));
}
