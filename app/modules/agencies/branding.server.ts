// The agency's logo: read from a multipart upload (bounded), checked from its bytes, stored in the
// database (it survives restarts and travels with backups), and served from our own origin.
import { createHash } from "node:crypto";

import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";

import { type Actor, recordEvent } from "~/modules/audit/events.server";
import { db } from "~/modules/db/db.server";

import {
  LOGO_FORM_UNEXPECTED,
  LOGO_TOO_BIG,
  LOGO_TYPES,
  logoProblem,
  logoUrlFor,
  logoVersion,
  MAX_LOGO_BYTES,
  MAX_LOGO_FORM_PARTS,
  MAX_LOGO_FORM_TEXT_BYTES,
  sniffImageType,
} from "./branding";
/** The file input's name on the settings page. */
import { LOGO_FIELD } from "./branding";
export { LOGO_FIELD };

export type LogoResult = { ok: true; logoUrl: string } | { ok: false; message: string };

export function isMultipart(request: Request): boolean {
  return (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
}

/** The body held more than the logo form sends: too many parts, or a text part too big for a field. */
class NotTheLogoFormError extends Error {}

/**
 * The logo form's parts, each held in memory and bounded: a file up to MAX_LOGO_BYTES (a bigger
 * one stops the parse with MaxPartSizeExceededError), a text field up to MAX_LOGO_FORM_TEXT_BYTES,
 * and MAX_LOGO_FORM_PARTS parts in all. The server already bounds the whole body (server/body-limit.ts).
 */
function logoFormUploadHandler(): UploadHandler {
  const file = unstable_createMemoryUploadHandler({ maxPartSize: MAX_LOGO_BYTES });
  const text = unstable_createMemoryUploadHandler({ maxPartSize: MAX_LOGO_FORM_TEXT_BYTES });
  let parts = 0;
  return async (part) => {
    parts += 1;
    if (parts > MAX_LOGO_FORM_PARTS) throw new NotTheLogoFormError();
    if (typeof part.filename === "string") return file(part);
    try {
      return await text(part);
    } catch (error) {
      throw error instanceof MaxPartSizeExceededError ? new NotTheLogoFormError() : error;
    }
  };
}

/**
 * Reads the logo from a multipart request (see logoFormUploadHandler): a file over the limit is
 * refused, never truncated. The file's name and declared type are ignored; only its bytes count.
 */
export async function readLogoUpload(request: Request): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; message: string }> {
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, logoFormUploadHandler());
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, message: LOGO_TOO_BIG };
    if (error instanceof NotTheLogoFormError) return { ok: false, message: LOGO_FORM_UNEXPECTED };
    // A body the multipart parser cannot read (no boundary, cut off): the user's to fix, not a 500.
    return { ok: false, message: "The upload could not be read: choose the file and try again." };
  }
  const file = formData.get(LOGO_FIELD);
  if (!file || typeof file === "string") return { ok: false, message: "Choose an image file to upload." };
  return { ok: true, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** Stores the logo and points the agency at its new URL, in one transaction with its event. */
export async function saveLogo(agencyId: string, actor: Actor, bytes: Uint8Array): Promise<LogoResult> {
  const problem = logoProblem(bytes);
  const contentType = sniffImageType(bytes);
  if (problem || !contentType) return { ok: false, message: problem ?? "Unsupported image." };
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const logoUrl = logoUrlFor(agencyId, sha256);
  const data = { contentType, bytes: Uint8Array.from(bytes), sha256 };
  await db.$transaction(async (tx) => {
    await tx.agencyLogo.upsert({ where: { agencyId }, create: { agencyId, ...data }, update: data });
    await tx.agency.update({ where: { id: agencyId }, data: { logoUrl } });
    await recordEvent(tx, {
      agencyId,
      actor,
      type: "branding.logo_updated",
      details: { contentType, size: bytes.length, sha256 },
    });
  });
  return { ok: true, logoUrl };
}

export async function removeLogo(agencyId: string, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.agencyLogo.deleteMany({ where: { agencyId } });
    await tx.agency.update({ where: { id: agencyId }, data: { logoUrl: null } });
    if (count > 0) await recordEvent(tx, { agencyId, actor, type: "branding.logo_removed" });
  });
}

const AGENCY_ID = /^[a-z0-9]{8,40}$/;

/**
 * The public logo response: the stored bytes with the type sniffed at upload, and headers that
 * forbid any other reading of them (no sniffing, no scripts, no plugins). Cached for good when
 * the URL carries the current version (it changes with the content); briefly otherwise.
 */
export async function logoResponse(agencyId: string, version: string | null): Promise<Response> {
  const logo = AGENCY_ID.test(agencyId)
    ? await db.agencyLogo.findUnique({ where: { agencyId }, select: { contentType: true, bytes: true, sha256: true } })
    : null;
  const safety = { "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'" };
  if (!logo || !(LOGO_TYPES as readonly string[]).includes(logo.contentType)) {
    return new Response("Not found", {
      status: 404,
      headers: { ...safety, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const current = version === logoVersion(logo.sha256);
  return new Response(logo.bytes, {
    status: 200,
    headers: {
      ...safety,
      "Content-Type": logo.contentType,
      "Content-Length": String(logo.bytes.length),
      "Content-Disposition": "inline",
      "Cache-Control": current ? "public, max-age=31536000, immutable" : "public, max-age=300",
      ETag: `"${logo.sha256}"`,
    },
  });
}
