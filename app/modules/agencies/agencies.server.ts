import { redirect } from "@remix-run/node";

import { requireUser, type StaffUser } from "~/modules/auth/auth.server";
import { hasTwoFactor, twoFactorSetupPath } from "~/modules/auth/two-factor.server";
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
    /** The clients' language by default (LOCALES), or null: their browser's. */
    locale: string | null;
    /** Every member must use two-factor sign-in (docs/decisions/047). */
    requireTwoFactor: boolean;
  };
};

const AGENCY_FIELDS = {
  id: true,
  name: true,
  slug: true,
  granteeEmail: true,
  defaultLifetimeDays: true,
  defaultRole: true,
  logoUrl: true,
  accentColor: true,
  locale: true,
  requireTwoFactor: true,
} as const satisfies Record<keyof AgencyContext["agency"], true>;

/**
 * The one gate at the top of every staff loader and action: a signed-in member of the agency
 * named in the URL, holding `permission`. A non-member gets 404, so agency slugs do not leak; a
 * member without two-factor sign-in, where the agency requires it, goes to set it up first.
 * Every query after it filters by `agency.id`.
 */
export async function requireAgencyMember(
  request: Request,
  agencySlug: string | undefined,
  permission: Permission,
): Promise<AgencyContext> {
  const user = await requireUser(request);
  const context = await agencyContextFor(user, agencySlug, permission);
  // An agency that requires two-factor sign-in shows none of its pages to a member without it.
  if (
    context.agency.requireTwoFactor &&
    !hasTwoFactor(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpEnabledAt: true } }))
  ) {
    throw redirect(twoFactorSetupPath(context.agency.slug));
  }
  return context;
}

/** The membership check itself, for a known user (routes go through requireAgencyMember). */
export async function agencyContextFor(user: StaffUser, agencySlug: string | undefined, permission: Permission): Promise<AgencyContext> {
  // A findUnique, which Prisma batches: a page's layout and its own loader ask at the same moment
  // and share one query.
  const agency = agencySlug
    ? await db.agency.findUnique({
        where: { slug: agencySlug },
        select: { ...AGENCY_FIELDS, memberships: { where: { userId: user.id }, select: { role: true } } },
      })
    : null;
  const membership = agency?.memberships[0];
  if (!agency || !membership) throw new AppError(404, "Agency not found.");
  if (!can(membership.role, permission)) throw forbidden();
  const { memberships: _, ...fields } = agency;
  return { user, role: membership.role as Role, agency: fields };
}

export async function firstAgencySlug(userId: string): Promise<string | null> {
  const membership = await db.membership.findFirst({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { agency: { select: { slug: true } } },
  });
  return membership?.agency.slug ?? null;
}
