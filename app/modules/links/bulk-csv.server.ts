import { randomUUID } from "node:crypto";
import { setImmediate, setTimeout } from "node:timers/promises";

import { type Actor, recordEvent } from "~/modules/audit/events.server";
import { createClientsIn } from "~/modules/clients/clients.server";
import { db } from "~/modules/db/db.server";
import { idSlices } from "~/modules/db/record-id";
import { isUniqueViolation } from "~/modules/db/unique-violation";
import { databaseUnavailableReason } from "~/modules/http/db-errors.server";
import { AppError } from "~/modules/http/errors";
import { logger } from "~/modules/http/logger.server";

import { grantsAskedAgain } from "./already-granted.server";
import { type BulkGroup, parseBulkCsv, rowsWithErrors } from "./bulk-csv";
import type { BulkRow } from "./bulk-format";
import { BULK_TRANSACTION_TIMEOUT_MS, type BulkUploadStatus, interruptedBefore } from "./bulk-upload-state";

// The file's bytes as text, for the upload route.
export { decodeBulkCsv } from "./bulk-csv";
import { createLinksIn } from "./links.server";

// Bulk links from a CSV (docs/decisions/054): what the preview shows and the create that, in one
// transaction, makes every client and link of the file or none. The create reads the file again:
// the preview's answer is never trusted.

/** How many rows with errors, and how many good rows, the preview lists: enough to act on at 5,000 rows. */
export const PREVIEW_ERROR_ROWS = 200;
export const PREVIEW_SAMPLE_ROWS = 10;

type StaffActor = Extract<Actor, { type: "staff" }>;
type ExistingClient = { id: string; name: string; contactEmail: string; siteIds: string[] };
export type PlannedGroup = BulkGroup & { existing: ExistingClient | null };

export type BulkPreview = {
  ok: boolean;
  rowCount: number;
  linkCount: number;
  newClients: number;
  existingClients: number;
  errorRowCount: number;
  /** Rows with errors first (at most PREVIEW_ERROR_ROWS), then a sample of good rows. */
  errorRows: BulkRow[];
  sampleRows: BulkRow[];
};

export type BulkCheck = { ok: false; message: string } | { ok: true; preview: BulkPreview; groups: PlannedGroup[] };

/**
 * An active client of the agency with the same name (any case) and contact email is the one the
 * rows are about: it gets the link, and must already hold the rows' sites (decision 054). The same
 * name with another contact is refused rather than guessed at.
 */
async function matchExistingClients(agencyId: string, groups: BulkGroup[], now: Date): Promise<PlannedGroup[]> {
  const names = new Set(groups.map((g) => g.client.name.toLowerCase()));
  const active = await db.client.findMany({
    where: { agencyId, archivedAt: null },
    select: { id: true, name: true, contactEmail: true },
  });
  const sameName = active.filter((c) => names.has(c.name.toLowerCase()));
  const sites: { clientId: string; hotjarSiteId: string }[] = [];
  for (const slice of idSlices(sameName)) {
    const clientIds = slice.map((c) => c.id);
    sites.push(
      ...(await db.clientSite.findMany({
        where: { agencyId, clientId: { in: clientIds } },
        select: { clientId: true, hotjarSiteId: true },
      })),
    );
  }
  const planned: PlannedGroup[] = [];
  for (const group of groups) {
    const candidates = sameName.filter((c) => c.name.toLowerCase() === group.client.name.toLowerCase());
    const match = candidates.find((c) => c.contactEmail.toLowerCase() === group.client.contactEmail);
    const first = group.rows[0]!;
    if (!match) {
      if (candidates.length > 0) {
        first.errors.push({
          column: "contact_email",
          message: `You already have a client named ${candidates[0]!.name} with the contact ${candidates[0]!.contactEmail}: use that email, or another name.`,
        });
      }
      planned.push({ ...group, existing: null });
      continue;
    }
    const siteIds = sites.filter((s) => s.clientId === match.id).map((s) => s.hotjarSiteId);
    // The New link page's "already granted" rule: a CSV has no place to say yes, so such a row is refused.
    const askedAgain = (await grantsAskedAgain(agencyId, { clientId: match.id, siteIds: group.link.siteIds }, false, now)).map(
      (g) => g.hotjarSiteId,
    );
    group.client.sites.forEach((site, i) => {
      if (!siteIds.includes(site.hotjarSiteId)) {
        group.rows[i]!.errors.push({
          column: "hotjar_site_id",
          message: `${match.name} is already a client without this site: add it on the client's page first.`,
        });
      } else if (askedAgain.includes(site.hotjarSiteId)) {
        group.rows[i]!.errors.push({
          column: "hotjar_site_id",
          message: `${match.name} has already granted access to this site (already granted: ask again from the New link page).`,
        });
      }
    });
    planned.push({ ...group, existing: { ...match, siteIds } });
  }
  return planned;
}

/** The file checked against the agency: the preview, and the plan the create carries out. */
export async function checkBulkCsv(agencyId: string, text: string, granteeEmail: string, now = new Date()): Promise<BulkCheck> {
  const parsed = parseBulkCsv(text, { granteeEmail });
  if (!parsed.ok) return parsed;
  const groups = await matchExistingClients(agencyId, parsed.groups, now);
  const bad = parsed.rows.filter((r) => r.errors.length > 0);
  const errorRowCount = rowsWithErrors(parsed.rows);
  const existingClients = groups.filter((g) => g.existing).length;
  return {
    ok: true,
    groups,
    preview: {
      ok: errorRowCount === 0,
      rowCount: parsed.rows.length,
      linkCount: errorRowCount === 0 ? groups.length : 0,
      newClients: errorRowCount === 0 ? groups.length - existingClients : 0,
      existingClients: errorRowCount === 0 ? existingClients : 0,
      errorRowCount,
      errorRows: bad.slice(0, PREVIEW_ERROR_ROWS),
      sampleRows: parsed.rows.filter((r) => r.errors.length === 0).slice(0, PREVIEW_SAMPLE_ROWS),
    },
  };
}

export type BulkStartResult =
  | { ok: true; batchId: string; linkCount: number; state: BulkUploadStatus }
  | { ok: false; check: BulkCheck }
  | { ok: false; alreadyCreated: string };

/** A fresh upload id, chosen with the preview and posted back with "Create" so a second press is known. */
export const newBatchId = (): string => randomUUID();

/** What a create that could not get the database says: worth trying again soon. */
const BULK_BUSY_MESSAGE = "The database was busy (another large upload, perhaps). Nothing was created: upload the file again in a minute.";

/** Groups (links) made per step of the create: the progress the page shows moves this often. */
const STEP = 250;
/** How long "Create" waits for the create before showing its progress page: small uploads land on their result. */
const WAIT_FOR_RESULT_MS = 1_500;

type Progress = { done: number; total: number };
// The creates this process runs now: how many links each has made (inside its transaction, so
// only this process can count them; another instance's page shows a bar without a number), and
// the create itself, so a stopping server can let it end (settleRunningUploads).
const running = new Map<string, { progress: Progress; work: Promise<unknown> }>();
const keyOf = (agencyId: string, batchId: string) => `${agencyId} ${batchId}`;

/**
 * Waits for this process's running creates to end, at most `timeoutMs`: a server stopping for a
 * deploy lets an upload finish (5,000 rows take seconds) rather than leave it to be found
 * interrupted ten minutes later.
 */
export async function settleRunningUploads(timeoutMs = 30_000): Promise<void> {
  if (running.size === 0) return;
  const works = [...running.values()].map((r) => r.work);
  await Promise.race([Promise.allSettled(works), setTimeout(timeoutMs, undefined, { ref: false })]);
}

/** How far a create running in this process has come, or null. */
export function bulkProgress(agencyId: string, batchId: string): Progress | null {
  const progress = running.get(keyOf(agencyId, batchId))?.progress;
  return progress ? { ...progress } : null;
}

/**
 * Reads and checks the file again (the preview's answer is never trusted), claims the upload's
 * id (a second "Create", on any instance, is refused by the unique key), then makes every client
 * and link in one transaction in the background: a failure anywhere makes none, and the upload
 * says why. Waits up to `waitMs` so a small upload answers with its result; a large one answers
 * then and its page shows the progress.
 */
export async function startBulkLinks(
  agencyId: string,
  actor: StaffActor,
  text: string,
  granteeEmail: string,
  { batchId = newBatchId(), now = new Date(), waitMs = WAIT_FOR_RESULT_MS }: { batchId?: string; now?: Date; waitMs?: number } = {},
): Promise<BulkStartResult> {
  const check = await checkBulkCsv(agencyId, text, granteeEmail, now);
  if (!check.ok || !check.preview.ok) return { ok: false, check };
  const linkCount = check.groups.length;
  const claim = {
    createdById: actor.id,
    status: "CREATING",
    rowCount: check.preview.rowCount,
    linkCount,
    clientCount: check.preview.newClients,
  };
  try {
    await db.bulkUpload.create({ data: { agencyId, batchId, ...claim } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Create again after a create that made nothing (failed, or died with its server) starts it
    // anew; after one that made the links, or is making them, it is refused.
    const retaken = await db.bulkUpload.updateMany({
      where: { agencyId, batchId, OR: [{ status: "FAILED" }, { status: "CREATING", createdAt: { lt: interruptedBefore(now) } }] },
      data: { ...claim, error: null, finishedAt: null, createdAt: new Date() },
    });
    if (retaken.count === 0) return { ok: false, alreadyCreated: batchId };
  }
  const key = keyOf(agencyId, batchId);
  const progress: Progress = { done: 0, total: linkCount };
  const work = createUpload(agencyId, actor, check.groups, check.preview.rowCount, batchId, now, progress);
  running.set(key, { progress, work });
  void work.finally(() => running.delete(key));
  const state = await Promise.race([work, setTimeout(waitMs, "CREATING" as const, { ref: false })]);
  return { ok: true, batchId, linkCount, state };
}

/** The create itself; never throws: how it ended is on the upload's row, and its answer. */
async function createUpload(
  agencyId: string,
  actor: StaffActor,
  groups: PlannedGroup[],
  rowCount: number,
  batchId: string,
  now: Date,
  progress: Progress,
): Promise<Exclude<BulkUploadStatus, "CREATING">> {
  const upload = { agencyId_batchId: { agencyId, batchId } };
  const origin = { actor, createdById: actor.id, batchId };
  try {
    await db.$transaction(
      async (tx) => {
        for (let start = 0; start < groups.length; start += STEP) {
          const step = groups.slice(start, start + STEP);
          const fresh = step.filter((g) => !g.existing);
          const made = await createClientsIn(
            tx,
            agencyId,
            actor,
            fresh.map((g) => g.client),
          );
          const madeFor = new Map(fresh.map((g, i) => [g, made[i]!.id]));
          const result = await createLinksIn(
            tx,
            agencyId,
            origin,
            step.map((g) => ({ ...g.link, clientId: g.existing?.id ?? madeFor.get(g)! })),
            now,
          );
          // Only a change between the check and now (a client archived meanwhile) lands here; nothing is kept.
          if (!result.ok) {
            const row = step[result.index]!.rows[0]!.row;
            throw new AppError(409, `Row ${row}: ${Object.values(result.fieldErrors).flat()[0]}. Nothing was created.`);
          }
          progress.done += step.length;
          // Lets the process serve others between steps (SQLite's driver runs each statement synchronously).
          await setImmediate();
        }
        await recordEvent(tx, {
          agencyId,
          actor,
          type: "link.batch_created",
          details: { batchId, links: groups.length, clients: groups.filter((g) => !g.existing).length, rows: rowCount },
        });
        // Inside the transaction: the upload reads as created exactly when its links exist.
        await tx.bulkUpload.update({ where: upload, data: { status: "CREATED", finishedAt: new Date() } });
      },
      { timeout: BULK_TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
    );
    return "CREATED";
  } catch (error) {
    const known = error instanceof AppError;
    // Busy (another large upload held the database past the wait, or it was locked): worth another press.
    const busy = !known && databaseUnavailableReason(error) !== null;
    if (!known) logger.error({ event: "bulk.create.failed", agencyId, batchId, err: error }, "CSV upload create failed");
    const message = known
      ? error.message
      : busy
        ? BULK_BUSY_MESSAGE
        : "Something went wrong while creating the links. Nothing was created: upload the file again.";
    await db.bulkUpload
      .update({ where: upload, data: { status: "FAILED", error: message, finishedAt: new Date() } })
      .catch((err: unknown) =>
        logger.error({ event: "bulk.create.unrecorded", agencyId, batchId, err }, "CSV upload failure not recorded"),
      );
    return "FAILED";
  }
}
