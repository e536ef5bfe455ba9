import { describe, expect, it } from "vitest";

import {
  accentColors,
  BLACK,
  contrastRatio,
  LOGO_TOO_BIG,
  LOGO_WRONG_TYPE,
  logoProblem,
  logoUrlFor,
  MAX_LOGO_BYTES,
  normalizeHexColor,
  readableTextOn,
  relativeLuminance,
  sniffImageType,
  WHITE,
} from "./branding";

/** A valid 1x1 PNG. */
const PNG_1X1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (s: string) => new TextEncoder().encode(s);

describe("sniffImageType reads the type from the bytes only", () => {
  it("PNG, JPEG and WebP by their magic numbers", () => {
    expect(sniffImageType(PNG_1X1)).toBe("image/png");
    expect(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13))).toBe("image/png");
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46))).toBe("image/jpeg");
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xdb))).toBe("image/jpeg");
    expect(sniffImageType(text("RIFF\x24\x00\x00\x00WEBPVP8 "))).toBe("image/webp");
  });

  it("a file's name and declared type change nothing: only its bytes count", async () => {
    const pngCalledJpeg = new File([PNG_1X1], "logo.jpg", { type: "image/jpeg" });
    expect(sniffImageType(new Uint8Array(await pngCalledJpeg.arrayBuffer()))).toBe("image/png");
    const svgCalledPng = new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], "logo.png", { type: "image/png" });
    expect(sniffImageType(new Uint8Array(await svgCalledPng.arrayBuffer()))).toBeNull();
  });

  it("refuses SVG, even with an XML prolog, a BOM or leading whitespace", () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    expect(sniffImageType(text(svg))).toBeNull();
    expect(sniffImageType(text(`<?xml version="1.0"?>\n${svg}`))).toBeNull();
    expect(sniffImageType(text(`\uFEFF  ${svg}`))).toBeNull();
  });

  it("refuses HTML, GIF, PDF, other RIFF files and empty or truncated input", () => {
    expect(sniffImageType(text("<!doctype html><html><script>alert(1)</script></html>"))).toBeNull();
    expect(sniffImageType(text("GIF89a\x01\x00\x01\x00"))).toBeNull();
    expect(sniffImageType(text("%PDF-1.7"))).toBeNull();
    expect(sniffImageType(text("RIFF\x24\x00\x00\x00WAVEfmt "))).toBeNull();
    expect(sniffImageType(text("RIFF\x24\x00\x00\x00WEB"))).toBeNull();
    expect(sniffImageType(bytes())).toBeNull();
    expect(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull();
    expect(sniffImageType(bytes(0xff, 0xd8))).toBeNull();
  });

  it("refuses the magic number anywhere but at the start", () => {
    expect(sniffImageType(Uint8Array.from([0x20, ...PNG_1X1]))).toBeNull();
  });
});

describe("logoProblem", () => {
  it("accepts a good image up to exactly 512 KB", () => {
    expect(logoProblem(PNG_1X1)).toBeNull();
    const atLimit = new Uint8Array(MAX_LOGO_BYTES);
    atLimit.set(PNG_1X1);
    expect(logoProblem(atLimit)).toBeNull();
  });

  it("refuses empty, too big and wrong bytes, each with its own message", () => {
    expect(logoProblem(bytes())).toMatch(/choose an image/i);
    const tooBig = new Uint8Array(MAX_LOGO_BYTES + 1);
    tooBig.set(PNG_1X1);
    expect(logoProblem(tooBig)).toBe(LOGO_TOO_BIG);
    expect(logoProblem(text("<svg/>"))).toBe(LOGO_WRONG_TYPE);
    expect(LOGO_WRONG_TYPE).toMatch(/SVG/);
  });
});

describe("logoUrlFor", () => {
  it("is our own path, versioned by the first 12 hex digits of the hash", () => {
    expect(logoUrlFor("cagency123", "0123456789abcdef".repeat(4))).toBe("/brand/cagency123/logo?v=0123456789ab");
  });
});

describe("colours", () => {
  it("normalizes #rrggbb to lower case and refuses anything else", () => {
    expect(normalizeHexColor("#1F6FEB")).toBe("#1f6feb");
    expect(normalizeHexColor(" #abcdef ")).toBe("#abcdef");
    for (const bad of ["", "1f6feb", "#fff", "#1f6feb0", "#ggghhh", "red", "rgb(0,0,0)", "#1f6feb;background:url(x)"]) {
      expect(normalizeHexColor(bad)).toBeNull();
    }
  });

  it("computes WCAG luminance and contrast", () => {
    expect(relativeLuminance(BLACK)).toBe(0);
    expect(relativeLuminance(WHITE)).toBe(1);
    expect(contrastRatio(BLACK, WHITE)).toBeCloseTo(21, 5);
    expect(contrastRatio(WHITE, BLACK)).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#777777")).toBe(1);
    // Known values: #767676 on white is the classic 4.54:1.
    expect(contrastRatio("#767676", WHITE)).toBeCloseTo(4.54, 2);
    expect(() => relativeLuminance("red")).toThrow();
  });

  it("picks white text on dark accents and black on light ones", () => {
    expect(readableTextOn("#1f2937")).toBe(WHITE);
    expect(readableTextOn("#2456c7")).toBe(WHITE);
    expect(readableTextOn("#ffff00")).toBe(BLACK);
    expect(readableTextOn("#ffffff")).toBe(BLACK);
    expect(readableTextOn("#00ff00")).toBe(BLACK);
  });

  it("always reaches WCAG AA (4.5:1) with the chosen text colour, for every grey and a sweep of colours", () => {
    const hex = (n: number) => n.toString(16).padStart(2, "0");
    for (let v = 0; v < 256; v++) {
      const grey = `#${hex(v)}${hex(v)}${hex(v)}`;
      expect(contrastRatio(grey, readableTextOn(grey))).toBeGreaterThanOrEqual(4.5);
    }
    for (let r = 0; r < 256; r += 17)
      for (let g = 0; g < 256; g += 17)
        for (let b = 0; b < 256; b += 17) {
          const color = `#${hex(r)}${hex(g)}${hex(b)}`;
          expect(contrastRatio(color, readableTextOn(color))).toBeGreaterThanOrEqual(4.5);
        }
  });

  it("accentColors: the validated accent with its text colour, or null for the default", () => {
    expect(accentColors(null)).toBeNull();
    expect(accentColors("")).toBeNull();
    expect(accentColors("javascript:alert(1)")).toBeNull();
    expect(accentColors("#FFEE00")).toMatchObject({ accent: "#ffee00", text: BLACK });
    expect(accentColors("#003366")!.ratio).toBeGreaterThan(7);
  });
});
