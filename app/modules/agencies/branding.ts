// Pure branding helpers, shared by the server and the browser: the accent colour and its readable
// text colour (WCAG 2 contrast), and what a logo file really is, read from its bytes.

/** A colour as the settings form accepts it: `#rrggbb`. */
export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** `#rrggbb` in lower case, or null when it is not one. */
export function normalizeHexColor(value: string): string | null {
  const v = value.trim();
  return HEX_COLOR.test(v) ? v.toLowerCase() : null;
}

/** WCAG 2 relative luminance of `#rrggbb` (0 black .. 1 white). */
export function relativeLuminance(hex: string): number {
  if (!HEX_COLOR.test(hex)) throw new Error(`not a #rrggbb colour: ${hex}`);
  const channel = (offset: number) => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2 contrast ratio of two colours, from 1 (same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

export const BLACK = "#000000";
export const WHITE = "#ffffff";

/**
 * Black or white text, whichever contrasts more with the background. One of them always reaches
 * at least 4.58:1 (WCAG AA for normal text), so no accent colour needs to be refused for it.
 */
export function readableTextOn(background: string): typeof BLACK | typeof WHITE {
  return contrastRatio(background, WHITE) >= contrastRatio(background, BLACK) ? WHITE : BLACK;
}

/** The agency's accent and the text colour to put on it, or null for the portal's own colours. */
export function accentColors(accent: string | null | undefined): { accent: string; text: string; ratio: number } | null {
  const color = accent ? normalizeHexColor(accent) : null;
  if (!color) return null;
  const text = readableTextOn(color);
  return { accent: color, text, ratio: contrastRatio(color, text) };
}

// ---- Logos ----------------------------------------------------------------------------------

export const MAX_LOGO_BYTES = 512 * 1024;
export const LOGO_TOO_BIG = "The logo must be at most 512 KB.";

/**
 * The logo form as a browser sends it: one file part, and perhaps a field or two a browser or a
 * script adds. More parts, or a text part bigger than a form field, is no logo form.
 */
export const MAX_LOGO_FORM_PARTS = 4;
export const MAX_LOGO_FORM_TEXT_BYTES = 2 * 1024;
export const LOGO_FORM_UNEXPECTED = "The upload held more than a logo: choose the image file and upload it again.";

/**
 * The logo form's whole request body, which the server refuses (413) beyond: the largest logo,
 * plus room for the multipart boundaries and part headers (a long file name) and the small
 * parts MAX_LOGO_FORM_PARTS allows.
 */
export const MAX_LOGO_UPLOAD_BYTES = MAX_LOGO_BYTES + 16 * 1024;
export const LOGO_WRONG_TYPE = "The logo must be a PNG, JPEG or WebP image (SVG is not accepted).";

export const LOGO_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  return bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
}

/**
 * The image type of a file from its first bytes (magic numbers), never from its name or its
 * declared type: PNG, JPEG or WebP, else null (SVG, HTML, GIF, anything else).
 */
export function sniffImageType(bytes: Uint8Array): LogoType | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return "image/png";
  if (startsWith(bytes, JPEG_SIGNATURE)) return "image/jpeg";
  // RIFF <4-byte size> WEBP
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  return null;
}

/** Why a logo file is refused, in the words the settings page shows; null when it is fine. */
export function logoProblem(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return "Choose an image file to upload.";
  if (bytes.length > MAX_LOGO_BYTES) return LOGO_TOO_BIG;
  if (!sniffImageType(bytes)) return LOGO_WRONG_TYPE;
  return null;
}

/** The logo's public URL; it changes with the content, so it can be cached for good. */
export function logoUrlFor(agencyId: string, sha256: string): string {
  return `/brand/${agencyId}/logo?v=${logoVersion(sha256)}`;
}

export function logoVersion(sha256: string): string {
  return sha256.slice(0, 12);
}

/** The logo form's file field (shared by the route's component and the upload parser). */
export const LOGO_FIELD = "logo";
