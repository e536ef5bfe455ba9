// A new agency with its first Owner, in the sign-up's transaction. Apart from the member gate
// (agencies.server.ts), which needs the signed-in user: sign-up needs this, not that.
import { randomBytes } from "node:crypto";

import type { Prisma } from "@prisma/client";

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return base || "agency";
}

export async function createAgencyWithOwner(tx: Prisma.TransactionClient, input: { name: string; ownerId: string; granteeEmail: string }) {
  let slug = slugify(input.name);
  if (await tx.agency.findUnique({ where: { slug }, select: { id: true } })) {
    slug = `${slug}-${randomBytes(3).toString("hex")}`;
  }
  const agency = await tx.agency.create({
    data: { name: input.name, slug, granteeEmail: input.granteeEmail },
  });
  await tx.membership.create({ data: { agencyId: agency.id, userId: input.ownerId, role: "OWNER" } });
  return agency;
}
