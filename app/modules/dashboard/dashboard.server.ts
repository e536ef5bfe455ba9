import { addHours } from "date-fns";

import { clientNames, staffNames } from "~/modules/audit/audit-log.server";
import { describeEvent, eventPeopleIds } from "~/modules/audit/event-words";
import { db } from "~/modules/db/db.server";
import { effectiveGrantStatus, grantGuard, grantInviteExpiresAt } from "~/modules/grants/grant-state";
import { OPEN_LINK_STATUSES, openLinkWhere } from "~/modules/links/link-state";
import { countLinksByStatus } from "~/modules/links/links.server";
import { recentStepsReports } from "~/modules/links/steps-reports.server";

import { DEFAULT_FUNNEL_PERIOD, type FunnelPeriod } from "./funnel";
import { getFunnel } from "./funnel.server";

/** How many rows each list of the dashboard shows; the rest is one click away. */
export const DASHBOARD_LIST_SIZE = 20;
/** An invitation is "about to lapse" this long before Hotjar drops it. */
export const LAPSE_WARNING_HOURS = 48;
const EVENTS_SHOWN = 15;

/** The grants waiting for the agency to check it can see the site (grant-state: what "verify" starts from). */
const waitingWhere = (agencyId: string) => ({ agencyId, status: { in: grantGuard("verify").from } });

const grantSummary = {
  id: true,
  linkId: true,
  hotjarSiteId: true,
  siteName: true,
  grantedByName: true,
  status: true,
  invitedAt: true,
  client: { select: { name: true } },
} as const;

type GrantSummary = {
  id: string;
  linkId: string;
  hotjarSiteId: string;
  siteName: string | null;
  grantedByName: string;
  status: string;
  invitedAt: Date;
  client: { name: string };
};

function grantRow(g: GrantSummary, now: Date) {
  return {
    id: g.id,
    linkId: g.linkId,
    hotjarSiteId: g.hotjarSiteId,
    siteName: g.siteName,
    clientName: g.client.name,
    grantedByName: g.grantedByName,
    invitedAt: g.invitedAt,
    inviteExpiresAt: grantInviteExpiresAt(g),
    effectiveStatus: effectiveGrantStatus(g, now),
  };
}

/** Hotjar's invitation lifetime as grant-state counts it, so the query's bounds follow its rule. */
const invitationLifetimeMs = () => grantInviteExpiresAt({ invitedAt: new Date(0) }).getTime();

/**
 * "Needs verification": waiting grants, oldest first, with how many there are in all; and the
 * invitations Hotjar drops within LAPSE_WARNING_HOURS (still INVITED, not yet INVITE_EXPIRED),
 * soonest first.
 */
async function grantsWaiting(agencyId: string, now: Date) {
  const lapseFrom = new Date(now.getTime() - invitationLifetimeMs());
  const lapseTo = addHours(lapseFrom, LAPSE_WARNING_HOURS);
  const [oldest, total, lapsing] = await Promise.all([
    db.grant.findMany({
      where: waitingWhere(agencyId),
      select: grantSummary,
      orderBy: [{ invitedAt: "asc" }, { id: "asc" }],
      take: DASHBOARD_LIST_SIZE,
    }),
    db.grant.count({ where: waitingWhere(agencyId) }),
    db.grant.findMany({
      // Not yet lapsed, soonest to lapse first; cut at the warning below.
      where: { ...waitingWhere(agencyId), invitedAt: { gte: lapseFrom } },
      select: grantSummary,
      orderBy: [{ invitedAt: "asc" }, { id: "asc" }],
      take: DASHBOARD_LIST_SIZE,
    }),
  ]);
  return {
    needsVerification: { total, grants: oldest.map((g) => grantRow(g, now)) },
    lapsingInvitations: lapsing
      .filter((g) => g.invitedAt <= lapseTo)
      .map((g) => grantRow(g, now))
      .filter((g) => g.effectiveStatus === "INVITED"),
  };
}

/** The latest events as sentences, with the names of the clients and staff they mention (the audit log's lookups). */
async function latestEvents(agencyId: string) {
  const events = await db.event.findMany({
    where: { agencyId },
    select: {
      id: true,
      agencyId: true,
      createdAt: true,
      type: true,
      actorType: true,
      actorId: true,
      actorLabel: true,
      details: true,
      linkId: true,
      clientId: true,
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: EVENTS_SHOWN,
  });
  const people = events.map(eventPeopleIds);
  const [clientName, userName] = await Promise.all([clientNames(agencyId, events), staffNames(agencyId, people)]);
  return events.map((e, i) => {
    const { actorId, subjectId } = people[i]!;
    const words = describeEvent({
      ...e,
      actorName: actorId ? userName.get(actorId) : null,
      subjectName: subjectId ? userName.get(subjectId) : null,
      clientName: e.clientId ? clientName.get(e.clientId) : null,
    });
    return { id: e.id, agencyId: e.agencyId, createdAt: e.createdAt, type: e.type, linkId: e.linkId, ...words };
  });
}

/** What clients said looks different in Hotjar lately, each with its client's name and a way to its link. */
async function stepsReports(agencyId: string, now: Date) {
  const reports = await recentStepsReports(agencyId, now, DASHBOARD_LIST_SIZE);
  const names = await clientNames(agencyId, reports);
  return reports.map((r) => ({
    id: r.id,
    linkId: r.linkId,
    clientName: (r.clientId ? names.get(r.clientId) : null) ?? "A client",
    text: r.text,
    at: r.at,
  }));
}

/**
 * The dashboard: what needs the agency now (grants to verify, invitations about to lapse, links
 * expiring, new links asked for, steps reported as different), the funnel of the chosen period, link counts by status and the
 * latest events. A fixed number of queries, each on an index, whatever the agency's size.
 */
export async function getDashboard(agencyId: string, now = new Date(), days: FunnelPeriod = DEFAULT_FUNNEL_PERIOD) {
  const linkSummary = {
    id: true,
    expiresAt: true,
    role: true,
    newLinkRequestedAt: true,
    status: true,
    client: { select: { name: true } },
  } as const;
  const [counts, expiringSoon, newLinkRequests, events, grants, funnel, reports] = await Promise.all([
    countLinksByStatus(agencyId, now),
    db.onboardingLink.findMany({
      where: { agencyId, ...openLinkWhere(now), expiresAt: { ...openLinkWhere(now).expiresAt, lte: addHours(now, 24) } },
      select: linkSummary,
      orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
      take: DASHBOARD_LIST_SIZE,
    }),
    db.onboardingLink.findMany({
      // Still waiting: a reissue clears the request, a revoke answers it.
      where: { agencyId, newLinkRequestedAt: { not: null }, status: { in: [...OPEN_LINK_STATUSES] } },
      select: linkSummary,
      orderBy: [{ newLinkRequestedAt: "desc" }, { id: "desc" }],
      take: DASHBOARD_LIST_SIZE,
    }),
    latestEvents(agencyId),
    grantsWaiting(agencyId, now),
    getFunnel(agencyId, days, now),
    stepsReports(agencyId, now),
  ]);
  const totalLinks = Object.values(counts).reduce((sum, n) => sum + n, 0);
  // Only a new agency's empty state needs to know whether a client exists yet.
  const hasClients = totalLinks > 0 || (await db.client.count({ where: { agencyId, archivedAt: null } })) > 0;
  return {
    counts,
    totalLinks,
    hasClients,
    expiringSoon,
    newLinkRequests,
    stepsReports: reports,
    events,
    ...grants,
    funnel: { days, ...funnel },
  };
}
