import { randomBytes } from "node:crypto";

import { subDays } from "date-fns";

import { type Actor, recordEvent } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";
import { getEnv } from "~/modules/env/env.server";
import { notFound } from "~/modules/http/errors";
import { LIMITS, scaledPoints } from "~/modules/security/rate-limit.server";

import type { IntakeLinkInput } from "./schemas";

// Intake links (issue 18, docs/decisions/055): the staff side. An intake link holds the defaults
// of the links made through it; switching it off is for good (its URL answers 410), and
// "switch on again" makes a new one with a new URL.

type StaffActor = Extract<Actor, { type: "staff" }>;

/** 32 url-safe characters from 24 random bytes: a URL no one can guess or enumerate. */
export function newPublicId(): string {
  return randomBytes(24).toString("base64url");
}

/** Arrivals a day from one network address, as the limiter counts them (RATE_LIMIT_SCALE included): the staff form says it. */
export function intakeIpLimit(): number {
  return scaledPoints(LIMITS.intakeIp.points, getEnv().RATE_LIMIT_SCALE);
}

export function intakeUrl(publicUrl: string, intake: { publicId: string }): string {
  return `${publicUrl}/i/${intake.publicId}`;
}

function defaultsOf(input: IntakeLinkInput) {
  return {
    name: input.name,
    role: input.role,
    locale: input.locale,
    lifetimeDays: input.lifetimeDays,
    reason: input.reason,
    dailyLimit: input.dailyLimit,
  };
}

export async function createIntakeLink(agencyId: string, actor: StaffActor, input: IntakeLinkInput) {
  return db.$transaction(async (tx) => {
    const intake = await tx.intakeLink.create({
      data: { agencyId, publicId: newPublicId(), createdById: actor.id, ...defaultsOf(input) },
    });
    await recordEvent(tx, { agencyId, actor, type: "intake.created", details: { intakeLinkId: intake.id, name: intake.name } });
    return intake;
  });
}

/** How many intake links the list page and the dashboard's arrivals read: the newest ones. */
export const INTAKE_LINKS_READ = 200;
const newestFirst = [{ createdAt: "desc" as const }, { id: "desc" as const }];

/**
 * The agency's newest intake links, each with how many links were made through it, and whether
 * there are more than the list shows (`capped`: the page says so).
 */
export async function listIntakeLinks(agencyId: string) {
  const found = await db.intakeLink.findMany({ where: { agencyId }, orderBy: newestFirst, take: INTAKE_LINKS_READ + 1 });
  const capped = found.length > INTAKE_LINKS_READ;
  const intakes = found.slice(0, INTAKE_LINKS_READ);
  const counts = await db.onboardingLink.groupBy({
    by: ["intakeLinkId"],
    where: { agencyId, intakeLinkId: { in: intakes.map((i) => i.id) } },
    _count: { _all: true },
  });
  const arrivals = new Map(counts.map((c) => [c.intakeLinkId, c._count._all]));
  return { intakes: intakes.map((i) => ({ ...i, arrivals: arrivals.get(i.id) ?? 0 })), capped };
}

/** One of the agency's intake links; another agency's is not found (404). */
export async function getIntakeLink(agencyId: string, intakeId: string) {
  const intake = await db.intakeLink.findFirst({ where: { id: intakeId, agencyId } });
  if (!intake) throw notFound("Intake link");
  return intake;
}

/** The name of the intake link a client or link came through (their pages say so), or null. */
export async function intakeLinkName(agencyId: string, intakeLinkId: string | null): Promise<string | null> {
  if (!intakeLinkId) return null;
  const intake = await db.intakeLink.findFirst({ where: { id: intakeLinkId, agencyId }, select: { name: true } });
  return intake?.name ?? null;
}

export async function updateIntakeLink(agencyId: string, intakeId: string, actor: StaffActor, input: IntakeLinkInput) {
  return db.$transaction(async (tx) => {
    const found = await tx.intakeLink.findFirst({ where: { id: intakeId, agencyId }, select: { id: true } });
    if (!found) throw notFound("Intake link");
    const intake = await tx.intakeLink.update({ where: { id: found.id }, data: defaultsOf(input) });
    await recordEvent(tx, { agencyId, actor, type: "intake.updated", details: { intakeLinkId: intake.id, name: intake.name } });
    return intake;
  });
}

/** Switches the intake link off for good: its URL answers 410 from now on. */
export async function disableIntakeLink(agencyId: string, intakeId: string, actor: StaffActor, now = new Date()) {
  return db.$transaction(async (tx) => {
    const intake = await tx.intakeLink.findFirst({ where: { id: intakeId, agencyId } });
    if (!intake) throw notFound("Intake link");
    if (intake.disabledAt) return intake;
    const disabled = await tx.intakeLink.update({ where: { id: intake.id }, data: { disabledAt: now } });
    await recordEvent(tx, { agencyId, actor, type: "intake.disabled", details: { intakeLinkId: intake.id, name: intake.name } });
    return disabled;
  });
}

/** "Switch on again": a new intake link with the same defaults and a new URL; the old URL stays dead. */
export async function reopenIntakeLink(agencyId: string, intakeId: string, actor: StaffActor) {
  const old = await getIntakeLink(agencyId, intakeId);
  return createIntakeLink(agencyId, actor, {
    name: old.name,
    role: old.role === "USER" ? "USER" : "VIEWER",
    locale: old.locale as IntakeLinkInput["locale"],
    lifetimeDays: old.lifetimeDays,
    reason: old.reason,
    dailyLimit: old.dailyLimit,
  });
}

const ARRIVAL_FIELDS = {
  id: true,
  createdAt: true,
  status: true,
  expiresAt: true,
  intakeLinkId: true,
  client: { select: { id: true, name: true, contactName: true, contactEmail: true } },
} as const;

/** The links (and their clients) made through one intake link, newest first. */
export function arrivalsOf(agencyId: string, intakeId: string, take = 50) {
  return db.onboardingLink.findMany({
    where: { agencyId, intakeLinkId: intakeId },
    select: ARRIVAL_FIELDS,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
}

export const RECENT_ARRIVAL_DAYS = 7;

/**
 * The dashboard's "New from intake links": the last week's arrivals across the agency's intake
 * links, newest first; each intake link's part read from the (intakeLinkId, createdAt) index.
 */
export async function recentIntakeArrivals(agencyId: string, now = new Date(), take = 20) {
  const intakes = await db.intakeLink.findMany({
    where: { agencyId },
    select: { id: true, name: true },
    orderBy: newestFirst,
    take: INTAKE_LINKS_READ,
  });
  if (intakes.length === 0) return [];
  const names = new Map(intakes.map((i) => [i.id, i.name]));
  const links = await db.onboardingLink.findMany({
    // The ids are this agency's own intake links: no agencyId here, so the planner reads the
    // (intakeLinkId, createdAt) index, not every link the agency made this week.
    where: { intakeLinkId: { in: [...names.keys()] }, createdAt: { gte: subDays(now, RECENT_ARRIVAL_DAYS) } },
    select: ARRIVAL_FIELDS,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
  return links.map((l) => ({ ...l, intakeName: names.get(l.intakeLinkId!) ?? "" }));
}
