import { eventRow, type RequestMeta } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";

// Failed logins (docs/decisions/039). The login form writes one row per failure, the same row
// whatever the email, so a known email's failure takes as long as an unknown one's (issue 13,
// finding 11). The worker turns the rows into audit events a cycle later.

export const FAILED_LOGIN_EVENT = "auth.login_failed";

/** How many failures one worker cycle audits in one transaction. */
const AUDIT_BATCH = 500;

/** One failed login: a single insert, with no read of who has the email. */
export async function recordFailedLogin(email: string, request?: RequestMeta): Promise<void> {
  const { ipHash, userAgent } = eventRow({ agencyId: "", actor: { type: "system" }, type: FAILED_LOGIN_EVENT, request });
  await db.failedLogin.create({ data: { email, ipHash, userAgent } });
}

/**
 * Turns waiting failed logins into `auth.login_failed` events, one in every agency of the account
 * with the failure's email, dated when the failure happened; failures of unknown emails leave
 * nothing. The rows are deleted in the same transaction. Returns how many failures it handled.
 */
export async function auditFailedLogins(batch = AUDIT_BATCH): Promise<number> {
  return db.$transaction(async (tx) => {
    const failures = await tx.failedLogin.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: batch });
    if (failures.length === 0) return 0;
    const emails = [...new Set(failures.map((f) => f.email))];
    const users = await tx.user.findMany({
      where: { email: { in: emails } },
      select: { id: true, email: true, memberships: { select: { agencyId: true } } },
    });
    const byEmail = new Map(users.map((u) => [u.email, u]));
    const events = failures.flatMap((failure) => {
      const user = byEmail.get(failure.email);
      if (!user) return [];
      return user.memberships.map(({ agencyId }) => ({
        ...eventRow({ agencyId, actor: { type: "staff", id: user.id, label: user.email }, type: FAILED_LOGIN_EVENT }),
        ipHash: failure.ipHash,
        userAgent: failure.userAgent,
        createdAt: failure.createdAt,
      }));
    });
    if (events.length > 0) await tx.event.createMany({ data: events });
    await tx.failedLogin.deleteMany({ where: { id: { in: failures.map((f) => f.id) } } });
    return failures.length;
  });
}
