import { recordEvent, type RequestMeta } from "~/modules/audit/events.server";
import { createClientIn } from "~/modules/clients/clients.server";
import { ClientSchema } from "~/modules/clients/schemas";
import { db } from "~/modules/db/db.server";
import type { Locale } from "~/modules/i18n/locales";
import { createLinkIn } from "~/modules/links/links.server";
import { CreateLinkSchema } from "~/modules/links/schemas";
import { consume } from "~/modules/security/rate-limit.server";

import { type ArrivalInput, INTAKE_PUBLIC_ID } from "./schemas";

// Intake links (issue 18, docs/decisions/055): the visitor's side. An arrival makes a client
// and a link through the one path (createClientIn, createLinkIn) in one transaction, then the
// visitor goes on to the link's normal page.

/** What the public page may know of an intake link: exactly what it shows. */
export type IntakePageView = {
  status: "open" | "closed";
  role: string;
  locale: string | null;
  lifetimeDays: number;
  reason: string;
  agency: { name: string; logoUrl: string | null; accentColor: string | null };
};

async function findIntake(publicId: string) {
  // A malformed id costs nothing: no query.
  if (!INTAKE_PUBLIC_ID.test(publicId)) return null;
  return db.intakeLink.findUnique({
    where: { publicId },
    include: { agency: { select: { name: true, logoUrl: true, accentColor: true, granteeEmail: true } } },
  });
}

/** The public page of an intake link, or null when there is none; a switched-off one is "closed". */
export async function intakePage(publicId: string): Promise<IntakePageView | null> {
  const intake = await findIntake(publicId);
  if (!intake) return null;
  return {
    status: intake.disabledAt ? "closed" : "open",
    role: intake.role,
    locale: intake.locale,
    lifetimeDays: intake.lifetimeDays,
    reason: intake.reason,
    agency: { name: intake.agency.name, logoUrl: intake.agency.logoUrl, accentColor: intake.agency.accentColor },
  };
}

/** The start of the UTC day: an intake link's daily limit counts from there. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export type ArrivalResult =
  | { ok: true; url: string; linkId: string; clientId: string }
  | { ok: false; kind: "notFound" | "closed" }
  | { ok: false; kind: "ipLimit"; retryAfterSeconds: number }
  | { ok: false; kind: "dailyLimit"; retryAfterSeconds: number };

/**
 * A visitor's arrival: the network address's limit (LIMITS.intakeIp), then, in one transaction,
 * the intake link's daily limit (links made through it since the start of the UTC day), the
 * client, the link and `intake.arrived`. `locale` is the language the visitor read the page in:
 * the link keeps it, so the next page and the emails speak it too.
 */
export async function arrive(
  publicId: string,
  input: ArrivalInput,
  visitor: { ip: string; meta: RequestMeta; locale: Locale },
  now = new Date(),
): Promise<ArrivalResult> {
  const intake = await findIntake(publicId);
  if (!intake) return { ok: false, kind: "notFound" };
  if (intake.disabledAt) return { ok: false, kind: "closed" };
  const limited = await consume("intakeIp", visitor.ip);
  if (!limited.ok) return { ok: false, kind: "ipLimit", retryAfterSeconds: limited.retryAfterSeconds };
  const dayStart = startOfUtcDay(now);
  return db.$transaction(async (tx): Promise<ArrivalResult> => {
    // A write on the intake link's row first: on PostgreSQL concurrent arrivals wait for each
    // other here, so the count below cannot be passed by two at once; it also re-checks "on".
    const held = await tx.intakeLink.updateMany({ where: { id: intake.id, disabledAt: null }, data: { disabledAt: null } });
    if (held.count === 0) return { ok: false, kind: "closed" };
    const today = await tx.onboardingLink.count({ where: { intakeLinkId: intake.id, createdAt: { gte: dayStart } } });
    if (today >= intake.dailyLimit) {
      return { ok: false, kind: "dailyLimit", retryAfterSeconds: Math.max(1, Math.ceil((nextUtcDay(now) - now.getTime()) / 1000)) };
    }
    const actor = { type: "client" as const, label: `${input.contactName} <${input.contactEmail}>` };
    const client = await createClientIn(
      tx,
      intake.agencyId,
      actor,
      ClientSchema.parse({
        name: input.companyName,
        contactName: input.contactName,
        contactEmail: input.contactEmail,
        hotjarOrganizationId: "",
        locale: intake.locale ?? "",
        sites: [{ hotjarSiteId: input.siteId, name: input.siteName, url: input.siteUrl ?? "" }],
      }),
      { intakeLinkId: intake.id },
    );
    const link = await createLinkIn(
      tx,
      intake.agencyId,
      { actor, createdById: intake.createdById, intakeLinkId: intake.id },
      CreateLinkSchema.parse({
        clientId: client.id,
        role: intake.role,
        siteMode: "named",
        siteIds: [input.siteId],
        granteeEmail: intake.agency.granteeEmail,
        recipientEmail: input.contactEmail,
        reason: intake.reason,
        lifetimeValue: intake.lifetimeDays,
        lifetimeUnit: "days",
        locale: visitor.locale,
        accessEndsOn: "",
      }),
      now,
    );
    if (!link.ok) throw new Error(`intake arrival: the link was refused: ${JSON.stringify(link.fieldErrors)}`);
    await recordEvent(tx, {
      agencyId: intake.agencyId,
      actor,
      type: "intake.arrived",
      linkId: link.linkId,
      clientId: client.id,
      details: { intakeLinkId: intake.id, name: intake.name },
      request: visitor.meta,
    });
    return { ok: true, url: link.url, linkId: link.linkId, clientId: client.id };
  });
}

function nextUtcDay(now: Date): number {
  return startOfUtcDay(now).getTime() + 24 * 3600 * 1000;
}
