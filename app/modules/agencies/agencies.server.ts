import { requireUser, type StaffUser } from "~/modules/auth/auth.server";
import { db } from "~/modules/db/db.server";
import { AppError, forbidden } from "~/modules/http/errors";

import { can, type Permission, type Role } from "./permissions";

export type AgencyContext = {
  user: StaffUser;
  role: Role;
  agency: {
    id: string;
    name: string;
    slug: string;
    granteeEmail: string;
    defaultLifetimeDays: number;
    defaultRole: string;
    logoUrl: string | null;
    accentColor: string | null;
  };
};

/**
 * The one gate at the top of every staff loader and action: a signed-in member of the agency
 * named in the URL, holding `permission`. A non-member gets 404, so agency slugs do not leak.
 * Every query after it filters by `agency.id`.
 */
export async function requireAgencyMember(
  request: Request,
  agencySlug: string | undefined,
  permission: Permission,
): Promise<AgencyContext> {
  const user = await requireUser(request);
  return agencyContextFor(user, agencySlug, permission);
}

/** The membership check itself, for a known user (routes go through requireAgencyMember). */
export async function agencyContextFor(user: StaffUser, agencySlug: string | undefined, permission: Permission): Promise<AgencyContext> {
  const membership = agencySlug
    ? await db.membership.findFirst({
        where: { userId: user.id, agency: { slug: agencySlug } },
        include: { agency: true },
      })
    : null;
  if (!membership) throw new AppError(404, "Agency not found.");
  if (!can(membership.role, permission)) throw forbidden();
  const a = membership.agency;
  return {
    user,
    role: membership.role as Role,
    agency: {
      id: a.id,
      name: a.name,
      slug: a.slug,
      granteeEmail: a.granteeEmail,
      defaultLifetimeDays: a.defaultLifetimeDays,
      defaultRole: a.defaultRole,
      logoUrl: a.logoUrl,
      accentColor: a.accentColor,
    },
  };
}

export async function firstAgencySlug(userId: string): Promise<string | null> {
  const membership = await db.membership.findFirst({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { agency: { select: { slug: true } } },
  });
  return membership?.agency.slug ?? null;
}
