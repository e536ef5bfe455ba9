import { neutraliseCell } from "~/modules/audit/csv";
import { csvDownloadStream } from "~/modules/audit/csv-stream.server";
import { type Actor } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";
import { sendUnsentLinkByEmail } from "~/modules/email/staff.server";
import { notFound } from "~/modules/http/errors";

import { bulkProgress } from "./bulk-csv.server";
import { bulkUploadState } from "./bulk-upload-state";
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

/** What the page says when a create died with its process (its transaction rolled back). */
export const INTERRUPTED_MESSAGE = "The create was interrupted (the server restarted). Nothing was created: upload the file again.";

/**
 * The result page: the upload's state (creating, with its progress when this process runs it;
 * created; failed, and why) and, once created, how many links were emailed and the first ones.
 */
export async function getBatch(agencyId: string, batchId: string, now = new Date()) {
  const where = batchWhere(agencyId, batchId);
  const upload = await db.bulkUpload.findUnique({
    where: { agencyId_batchId: where },
    select: { status: true, createdAt: true, rowCount: true, linkCount: true, clientCount: true, error: true },
  });
  if (!upload) throw notFound("Upload");
  const state = bulkUploadState(upload, now);
  const summary = {
    state,
    rowCount: upload.rowCount,
    linkCount: upload.linkCount,
    clientCount: upload.clientCount,
    error: state === "INTERRUPTED" ? INTERRUPTED_MESSAGE : upload.error,
    progress: state === "CREATING" ? bulkProgress(agencyId, batchId) : null,
  };
  if (state !== "CREATED") return { ...summary, sentCount: 0, links: [] };
  const [sentCount, first] = await Promise.all([
    db.onboardingLink.count({ where: { ...where, sentAt: { not: null } } }),
    db.onboardingLink.findMany({
      where,
      orderBy: BATCH_ORDER,
      take: 20,
      select: { id: true, recipientEmail: true, status: true, expiresAt: true, client: { select: { name: true } } },
    }),
  ]);
  return { ...summary, sentCount, links: first.map((l) => ({ ...l, effectiveStatus: effectiveLinkStatus(l, now) })) };
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
