// The client's link page, kept in the database as last drawn and sent again without Remix or
// React while nothing it shows has changed (docs/decisions/025). In the database, not in process
// memory, so every instance shares it (issue 7). Only an opened, unexpired link's page is kept:
// the one a client reloads. Any other state goes through the route, which also writes the
// first open, the audit event and the agency's notification.
import { db, sql } from "~/modules/db/db.server";
import type { VerifiedLinkToken } from "./token.server";

// Placeholders in a kept page. React escapes `<` in text and attributes, so no agency or client
// text can contain one: only the places the page put them in are filled in again.
/** The drawing's CSP nonce; each answer puts in its own. */
export const NONCE_PLACEHOLDER = "<csp-nonce>";
/** The link's token (in the page's form actions and Remix's context): tokens are never stored (DESIGN.md section 4). */
export const TOKEN_PLACEHOLDER = "<link-token>";

/** A kept page made whole for one answer. */
export function fillKeptPage(html: string, fill: { nonce: string; token: string }): string {
  return html.split(NONCE_PLACEHOLDER).join(fill.nonce).split(TOKEN_PLACEHOLDER).join(fill.token);
}

type Stamped = { updatedAt: Date };

/**
 * Every row the page shows, by its updatedAt (Prisma sets it on each update): the link, its
 * agency (name, logo, colour), its client and the staff member who asked.
 */
export function pageStamp(link: Stamped & { agency: Stamped; client: Stamped; createdBy: Stamped }): string {
  return [link, link.agency, link.client, link.createdBy].map((row) => row.updatedAt.getTime()).join(".");
}

/** Keeps a page drawn with `nonce` for `token`, both replaced by their placeholders. */
export async function keepLinkPage(page: { linkId: string; build: string; stamp: string; html: string; nonce: string; token: string }): Promise<void> {
  // Too short to be ours, either would replace parts of the page.
  if (page.nonce.length < 16 || page.token.length < 16) return;
  const html = page.html.split(page.nonce).join(NONCE_PLACEHOLDER).split(page.token).join(TOKEN_PLACEHOLDER);
  const row = { build: page.build, stamp: page.stamp, html };
  await db.linkPageCache.upsert({ where: { linkId: page.linkId }, create: { linkId: page.linkId, ...row }, update: row });
}

const KEPT_PAGE = `
SELECT c."build", c."stamp", c."html", l."status", l."tokenVersion", l."expiresAt",
       l."updatedAt" AS "link", a."updatedAt" AS "agency", cl."updatedAt" AS "client", u."updatedAt" AS "creator"
FROM "LinkPageCache" c
JOIN "OnboardingLink" l ON l."id" = c."linkId"
JOIN "Agency" a ON a."id" = l."agencyId"
JOIN "Client" cl ON cl."id" = l."clientId"
JOIN "User" u ON u."id" = l."createdById"
WHERE c."linkId" = ?`;

const time = (value: unknown) => new Date(value as string | Date).getTime();

/**
 * The kept page for a verified token, with the placeholder still in it, or null when the route
 * must draw it: none kept, another build, anything shown changed since, or the link is no longer
 * an opened, unexpired link of this token's version. One statement, no query compiler.
 */
export async function keptLinkPage(claims: VerifiedLinkToken, build: string, now: Date): Promise<string | null> {
  const [row] = await sql.query(KEPT_PAGE, [claims.linkId]);
  if (!row || row.build !== build || row.status !== "OPENED") return null;
  if (Number(row.tokenVersion) !== claims.version || time(row.expiresAt) !== claims.expiresAt.getTime()) return null;
  if (now.getTime() > time(row.expiresAt)) return null;
  const stamp = [row.link, row.agency, row.client, row.creator].map(time).join(".");
  return stamp === row.stamp ? String(row.html) : null;
}

/**
 * Counts another open of a link already opened: the open count and the last open, and not
 * updatedAt, since the page it shows is unchanged. False when the link is no longer opened and
 * unexpired with that token version (the route then decides).
 */
export async function countRepeatOpen(link: { id: string; tokenVersion: number }, now: Date): Promise<boolean> {
  const changed = await sql.execute(
    `UPDATE "OnboardingLink" SET "lastOpenedAt" = ?, "openCount" = "openCount" + 1
     WHERE "id" = ? AND "tokenVersion" = ? AND "status" = 'OPENED' AND "expiresAt" >= ?`,
    [now, link.id, link.tokenVersion, now],
  );
  return changed === 1;
}

/**
 * Forgets the kept pages no request can be answered from any more: the link is completed,
 * declined, withdrawn or expired. They hold the client's page (names, sites, the reason asked),
 * about 16 kB each, for nothing. A page kept by an older build stays until its link ends or is
 * opened again (the route then keeps the new one). The worker calls this every cycle.
 */
export async function forgetEndedLinkPages(now = new Date()): Promise<number> {
  const { count } = await db.linkPageCache.deleteMany({
    where: { link: { OR: [{ status: { not: "OPENED" } }, { expiresAt: { lt: now } }] } },
  });
  return count;
}
