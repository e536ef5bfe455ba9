import { addHours } from "date-fns";
import { db } from "~/modules/db/db.server";
import { LINK_STATUSES, type LinkStatus } from "~/modules/links/link-state";
import { statusWhere } from "~/modules/links/links.server";

export async function getDashboard(agencyId: string, now = new Date()) {
  const counts = Object.fromEntries(
    await Promise.all(
      LINK_STATUSES.map(async (status) => [
        status,
        await db.onboardingLink.count({ where: { agencyId, ...statusWhere(status, now) } }),
      ] as const),
    ),
  ) as Record<LinkStatus, number>;
  const linkSummary = {
    id: true, expiresAt: true, role: true, newLinkRequestedAt: true, status: true,
    client: { select: { name: true } },
  } as const;
  const [expiringSoon, newLinkRequests, events] = await Promise.all([
    db.onboardingLink.findMany({
      where: { agencyId, status: { in: ["PENDING", "OPENED"] }, expiresAt: { gte: now, lte: addHours(now, 24) } },
      select: linkSummary,
      orderBy: { expiresAt: "asc" },
      take: 20,
    }),
    db.onboardingLink.findMany({
      // Still waiting: a reissue clears the request, a revoke answers it.
      where: { agencyId, newLinkRequestedAt: { not: null }, status: { in: ["PENDING", "OPENED"] } },
      select: linkSummary,
      orderBy: { newLinkRequestedAt: "desc" },
      take: 20,
    }),
    db.event.findMany({ where: { agencyId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 15 }),
  ]);
  return { counts, expiringSoon, newLinkRequests, events };
}
