import { neutraliseCell } from "~/modules/audit/csv";
import { csvDownloadStream } from "~/modules/audit/csv-stream.server";
import { type Actor } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";
import { sendUnsentLinkByEmail } from "~/modules/email/staff.server";
import { notFound } from "~/modules/http/errors";

import { effectiveLinkStatus, isOpenStatus } from "./link-state";
import { linkUrl } from "./link-url.server";
import { parseRequestedSites } from "./requested-sites";

// The links one CSV upload made (OnboardingLink.batchId): the result page, the download with
// their URLs, and emailing each client theirs. Always inside the agency: another agency's batch
// id is not found.

export const BATCH_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PAGE_SIZE = 500;
const BATCH_ORDER = [{ createdAt: "asc" as const }, { id: "asc" as const }];

export const BATCH_CSV_COLUMNS = ["client", "contact", "contact_email", "recipient", "sites", "url", "expires_at"] as const;

function batchWhere(agencyId: string, batchId: string) {
  if (!BATCH_ID_PATTERN.test(batchId)) throw notFound("Upload");
  return { agencyId, batchId };
}

/** The result page: how many links, how many were emailed, and the first ones. */
export async function getBatch(agencyId: string, batchId: string, now = new Date()) {
  const where = batchWhere(agencyId, batchId);
  const [linkCount, sentCount, first] = await Promise.all([
    db.onboardingLink.count({ where }),
    db.onboardingLink.count({ where: { ...where, sentAt: { not: null } } }),
    db.onboardingLink.findMany({
      where,
      orderBy: BATCH_ORDER,
      take: 20,
      select: { id: true, recipientEmail: true, status: true, expiresAt: true, client: { select: { name: true } } },
    }),
  ]);
  if (linkCount === 0) throw notFound("Upload");
  return {
    linkCount,
    sentCount,
    links: first.map((l) => ({ ...l, effectiveStatus: effectiveLinkStatus(l, now) })),
  };
}

async function* batchRecords(agencyId: string, batchId: string) {
  let cursor: string | null = null;
  while (true) {
    const page: Awaited<ReturnType<typeof readPage>> = await readPage(agencyId, batchId, cursor);
    for (const link of page) {
      const row: Record<(typeof BATCH_CSV_COLUMNS)[number], string> = {
        client: link.client.name,
        contact: link.client.contactName,
        contact_email: link.client.contactEmail,
        recipient: link.recipientEmail,
        sites: parseRequestedSites(link.requestedSites)
          .map((s) => `${s.name} (${s.hotjarSiteId})`)
          .join("; "),
        url: linkUrl(link),
        expires_at: link.expiresAt.toISOString(),
      };
      yield BATCH_CSV_COLUMNS.map((c) => neutraliseCell(row[c]));
    }
    if (page.length < PAGE_SIZE) return;
    cursor = page[page.length - 1]!.id;
  }
}

function readPage(agencyId: string, batchId: string, cursor: string | null) {
  return db.onboardingLink.findMany({
    where: { agencyId, batchId },
    orderBy: BATCH_ORDER,
    take: PAGE_SIZE,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      tokenVersion: true,
      expiresAt: true,
      recipientEmail: true,
      requestedSites: true,
      client: { select: { name: true, contactName: true, contactEmail: true } },
    },
  });
}

/**
 * The upload's links as CSV, with their URLs: the agency asked for them to send them itself
 * (the links list's export leaves URLs out). 404 when the agency has no such upload.
 */
export async function batchCsvStream(agencyId: string, batchId: string) {
  const exists = await db.onboardingLink.findFirst({ where: batchWhere(agencyId, batchId), select: { id: true } });
  if (!exists) throw notFound("Upload");
  return csvDownloadStream(batchRecords(agencyId, batchId), BATCH_CSV_COLUMNS, "batch links", agencyId);
}

/**
 * Emails each open link of the upload that was never sent, through the same path as "Send by
 * email" (one link at a time, the verified-email rule included); each link is claimed as it is
 * sent, so a second press, even at the same moment, sends none twice.
 */
export async function emailBatch(agencyId: string, batchId: string, actor: Actor, now = new Date()): Promise<number> {
  const links = await db.onboardingLink.findMany({
    where: batchWhere(agencyId, batchId),
    orderBy: BATCH_ORDER,
    select: { id: true, status: true, expiresAt: true, sentAt: true },
  });
  if (links.length === 0) throw notFound("Upload");
  let sent = 0;
  for (const link of links) {
    if (link.sentAt || !isOpenStatus(effectiveLinkStatus(link, now))) continue;
    // Claimed in the send itself: a press at the same moment saw sentAt empty too.
    if (await sendUnsentLinkByEmail(agencyId, link.id, actor, now)) sent += 1;
  }
  return sent;
}
