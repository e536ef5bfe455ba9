import { z } from "zod";
import { email } from "~/modules/auth/schemas";
import { db } from "~/modules/db/db.server";
import { recordEvent, type Actor } from "~/modules/audit/events.server";

export const NotificationSettingsSchema = z.object({
  notificationEmail: z.union([z.literal(""), email]).transform((v) => v || null),
});

/** Issue 5 adds branding and defaults; for now the notification address. */
export async function updateNotificationSettings(agencyId: string, actor: Actor, input: z.infer<typeof NotificationSettingsSchema>) {
  await db.$transaction(async (tx) => {
    await tx.agency.update({ where: { id: agencyId }, data: { notificationEmail: input.notificationEmail } });
    await recordEvent(tx, { agencyId, actor, type: "settings.updated", details: { notificationEmail: input.notificationEmail } });
  });
}

export async function getSettings(agencyId: string) {
  return db.agency.findUniqueOrThrow({ where: { id: agencyId }, select: { notificationEmail: true, granteeEmail: true } });
}
