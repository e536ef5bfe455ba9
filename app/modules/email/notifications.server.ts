import type { Prisma } from "@prisma/client";
import type { AgencyNotificationKind } from "../../../emails/types";
import { enqueueEmail } from "./outbox.server";

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
  const recipients = new Set([row.createdBy.email, row.agency.notificationEmail].filter((v): v is string => Boolean(v)));
  for (const to of recipients) {
    await enqueueEmail(tx, { agencyId: link.agencyId, to, payload: { template: "agency-notification", kind, linkId: link.id } });
  }
}
