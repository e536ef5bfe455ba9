import { randomUUID } from "node:crypto";

import { type Actor, recordEvent } from "~/modules/audit/events.server";
import { createClientsIn } from "~/modules/clients/clients.server";
import { db } from "~/modules/db/db.server";
import { AppError } from "~/modules/http/errors";

import { grantsAskedAgain } from "./already-granted.server";
import { type BulkGroup, parseBulkCsv, rowsWithErrors } from "./bulk-csv";
import type { BulkRow } from "./bulk-format";

// The file's bytes as text, for the upload route.
export { decodeBulkCsv } from "./bulk-csv";
import { createLinksIn } from "./links.server";

// Bulk links from a CSV (docs/decisions/054): what the preview shows and the create that, in one
// transaction, makes every client and link of the file or none. The create reads the file again:
// the preview's answer is never trusted.

/** How many rows with errors, and how many good rows, the preview lists: enough to act on at 5,000 rows. */
export const PREVIEW_ERROR_ROWS = 200;
export const PREVIEW_SAMPLE_ROWS = 10;

/** Long enough for 5,000 rows on SQLite (about 1 minute) and PostgreSQL (about 4), measured in decision 054, with room to spare. */
export const BULK_TRANSACTION_TIMEOUT_MS = 600_000;

const ID_SLICE = 500;

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
  // In slices: a query holds at most so many parameters (SQLite's limit is 999), and a file may name 5,000 clients.
  for (let i = 0; i < sameName.length; i += ID_SLICE) {
    const clientIds = sameName.slice(i, i + ID_SLICE).map((c) => c.id);
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

export type BulkCreateResult =
  { ok: true; batchId: string; linkCount: number } | { ok: false; check: BulkCheck } | { ok: false; alreadyCreated: string };

/** A fresh upload id, chosen with the preview and posted back with "Create" so a second press is known. */
export const newBatchId = (): string => randomUUID();

// The uploads being created right now: a resubmit during a create of minutes must not start a
// second one (the first's links are not visible to it until they commit).
const creating = new Set<string>();

async function batchExists(agencyId: string, batchId: string): Promise<boolean> {
  return (await db.onboardingLink.findFirst({ where: { agencyId, batchId }, select: { id: true } })) !== null;
}

/**
 * Reads and checks the file again, then makes every client and link in one transaction: a
 * failure anywhere makes none. Links carry the batch id the preview chose (for the download, and
 * so "Create" pressed twice makes one set: the second is refused while the first runs or once it
 * made links), and one `link.batch_created` event records the upload besides each link's own.
 */
export async function createBulkLinks(
  agencyId: string,
  actor: StaffActor,
  text: string,
  granteeEmail: string,
  batchId = newBatchId(),
  now = new Date(),
): Promise<BulkCreateResult> {
  const key = `${agencyId} ${batchId}`;
  // Claimed before the first await, so two requests in the same tick cannot both pass.
  if (creating.has(key)) return { ok: false, alreadyCreated: batchId };
  creating.add(key);
  try {
    if (await batchExists(agencyId, batchId)) return { ok: false, alreadyCreated: batchId };
    return await createBatch(agencyId, actor, text, granteeEmail, batchId, now);
  } finally {
    creating.delete(key);
  }
}

async function createBatch(
  agencyId: string,
  actor: StaffActor,
  text: string,
  granteeEmail: string,
  batchId: string,
  now: Date,
): Promise<BulkCreateResult> {
  const check = await checkBulkCsv(agencyId, text, granteeEmail, now);
  if (!check.ok || !check.preview.ok) return { ok: false, check };
  const origin = { actor, createdById: actor.id, batchId };
  await db.$transaction(
    async (tx) => {
      const fresh = check.groups.filter((g) => !g.existing);
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
        check.groups.map((g) => ({ ...g.link, clientId: g.existing?.id ?? madeFor.get(g)! })),
        now,
      );
      // Only a change between the check and now (a client archived meanwhile) lands here; nothing is kept.
      if (!result.ok) {
        const row = check.groups[result.index]!.rows[0]!.row;
        throw new AppError(409, `Row ${row}: ${Object.values(result.fieldErrors).flat()[0]}. Nothing was created.`);
      }
      await recordEvent(tx, {
        agencyId,
        actor,
        type: "link.batch_created",
        details: {
          batchId,
          links: check.groups.length,
          clients: check.groups.filter((g) => !g.existing).length,
          rows: check.preview.rowCount,
        },
      });
    },
    { timeout: BULK_TRANSACTION_TIMEOUT_MS, maxWait: 10_000 },
  );
  return { ok: true, batchId, linkCount: check.groups.length };
}
