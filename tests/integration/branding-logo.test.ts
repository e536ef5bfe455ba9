// Logo upload through the real multipart parser and the settings action, storage, and the public
// logo route: wrong or oversized files are refused with nothing stored; a good one is served back
// byte for byte with safe headers.
import { createHash } from "node:crypto";

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";

import { LOGO_TOO_BIG, LOGO_WRONG_TYPE, MAX_LOGO_BYTES } from "~/modules/agencies/branding";
import { readLogoUpload, removeLogo, saveLogo } from "~/modules/agencies/branding.server";
import { startSession } from "~/modules/auth/auth.server";
import { db } from "~/modules/db/db.server";
import type { FormFailure } from "~/modules/http/forms.server";
import { openLinkPage } from "~/modules/links/link-page.server";
import { action } from "~/routes/a.$agency.settings";
import { loader as logoLoader } from "~/routes/brand.$agencyId.logo";

import { flashOf, makeAgency, makeClient, makeLink, META, type TestAgency } from "./helpers";

/** A valid 1x1 PNG. */
const PNG_1X1 = new Uint8Array(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"),
);
const JPEG_START = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const SVG_WITH_SCRIPT = new TextEncoder().encode(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/a").then(r=>r.text())</script></svg>',
);
const HTML = new TextEncoder().encode("<!doctype html><script>alert(document.cookie)</script>");

let a: TestAgency;
let b: TestAgency;
let slugA: string;
let slugB: string;

beforeAll(async () => {
  a = await makeAgency("Agency A");
  b = await makeAgency("Agency B");
  slugA = (await db.agency.findUniqueOrThrow({ where: { id: a.agencyId } })).slug;
  slugB = (await db.agency.findUniqueOrThrow({ where: { id: b.agencyId } })).slug;
});

const logoEvents = (agencyId: string, type = "branding.logo_updated") => db.event.count({ where: { agencyId, type } });
let logoEventsOfA: number;

beforeEach(async () => {
  await removeLogo(a.agencyId, a.actor);
  await removeLogo(b.agencyId, b.actor);
  logoEventsOfA = await logoEvents(a.agencyId);
});

async function cookieFor(userId: string) {
  return (await startSession(userId)).split(";")[0]!;
}

/** A browser's multipart POST of the logo form: the file with whatever name and type it claims. */
function uploadRequest(slug: string, bytes: Uint8Array, name: string, type: string, cookie = "") {
  const form = new FormData();
  form.append("logo", new File([Uint8Array.from(bytes)], name, { type }));
  return new Request(`http://localhost:3000/a/${slug}/settings`, { method: "POST", headers: { Cookie: cookie }, body: form });
}

async function upload(agency: TestAgency, slug: string, bytes: Uint8Array, name: string, type: string) {
  const request = uploadRequest(slug, bytes, name, type, await cookieFor(agency.userId));
  return action({ request, params: { agency: slug }, context: {} } as ActionFunctionArgs);
}

const failureOf = async (response: Response) => (await response.json()) as FormFailure;

async function getLogo(agencyId: string, query = "") {
  const request = new Request(`http://localhost:3000/brand/${agencyId}/logo${query}`);
  return logoLoader({ request, params: { agencyId }, context: {} } as LoaderFunctionArgs);
}

/** Agency A has no logo, and no logo event since the test began. */
async function nothingStored() {
  const agencyId = a.agencyId;
  expect(await db.agencyLogo.count({ where: { agencyId } })).toBe(0);
  expect((await db.agency.findUniqueOrThrow({ where: { id: agencyId } })).logoUrl).toBeNull();
  expect(await logoEvents(agencyId)).toBe(logoEventsOfA);
}

function bigPng(size: number) {
  const bytes = new Uint8Array(size);
  bytes.set(PNG_1X1);
  return bytes;
}

describe("refused uploads store nothing", () => {
  it("a file over 512 KB stops the parser (MaxPartSizeExceededError) with a clear message", async () => {
    const result = await readLogoUpload(uploadRequest(slugA, bigPng(MAX_LOGO_BYTES + 1), "logo.png", "image/png"));
    expect(result).toEqual({ ok: false, message: LOGO_TOO_BIG });

    const response = await upload(a, slugA, bigPng(2 * MAX_LOGO_BYTES), "logo.png", "image/png");
    expect(response.status).toBe(400);
    expect((await failureOf(response)).fieldErrors).toEqual({ logo: [LOGO_TOO_BIG] });
    await nothingStored();
  });

  it.each([
    ["an SVG with a script, named .png and declared image/png", SVG_WITH_SCRIPT, "logo.png", "image/png"],
    ["an SVG declared as such", SVG_WITH_SCRIPT, "logo.svg", "image/svg+xml"],
    ["HTML named .jpg", HTML, "logo.jpg", "image/jpeg"],
    ["random bytes named .webp", Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), "logo.webp", "image/webp"],
  ])("%s", async (_what, bytes, name, type) => {
    const response = await upload(a, slugA, bytes, name, type);
    expect(response.status).toBe(400);
    expect((await failureOf(response)).fieldErrors).toEqual({ logo: [LOGO_WRONG_TYPE] });
    await nothingStored();
  });

  it("no file chosen (the browser sends an empty part)", async () => {
    const response = await upload(a, slugA, new Uint8Array(), "", "application/octet-stream");
    expect(response.status).toBe(400);
    expect((await failureOf(response)).fieldErrors.logo?.[0]).toMatch(/Choose an image file/);
    await nothingStored();
  });
});

describe("a good logo", () => {
  it("is stored with the type read from its bytes, whatever its name says, and served back identical", async () => {
    const response = await upload(a, slugA, PNG_1X1, "logo.jpg", "image/jpeg");
    expect(response.headers.get("Location")).toBe(`/a/${slugA}/settings`);
    expect(await flashOf(response)).toEqual({ kind: "success", message: "Logo uploaded." });

    const sha256 = createHash("sha256").update(PNG_1X1).digest("hex");
    const stored = await db.agencyLogo.findUniqueOrThrow({ where: { agencyId: a.agencyId } });
    expect(stored).toMatchObject({ contentType: "image/png", sha256 });
    const logoUrl = `/brand/${a.agencyId}/logo?v=${sha256.slice(0, 12)}`;
    expect((await db.agency.findUniqueOrThrow({ where: { id: a.agencyId } })).logoUrl).toBe(logoUrl);
    const event = await db.event.findFirstOrThrow({
      where: { agencyId: a.agencyId, type: "branding.logo_updated" },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(event.details)).toEqual({ contentType: "image/png", size: PNG_1X1.length, sha256 });

    const served = await getLogo(a.agencyId, `?v=${sha256.slice(0, 12)}`);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG_1X1);
    expect(Object.fromEntries(served.headers)).toMatchObject({
      "content-type": "image/png",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
      "cache-control": "public, max-age=31536000, immutable",
      "content-disposition": "inline",
    });
  });

  it("replaces the previous one (new URL); an old version's URL is not cached for good", async () => {
    await saveLogo(a.agencyId, a.actor, PNG_1X1);
    const first = (await db.agency.findUniqueOrThrow({ where: { id: a.agencyId } })).logoUrl!;
    const result = await saveLogo(a.agencyId, a.actor, JPEG_START);
    expect(result.ok && result.logoUrl).not.toBe(first);
    expect(await db.agencyLogo.count({ where: { agencyId: a.agencyId } })).toBe(1);
    const stale = await getLogo(a.agencyId, `?${first.split("?")[1]}`);
    expect(stale.headers.get("content-type")).toBe("image/jpeg");
    expect(stale.headers.get("cache-control")).toBe("public, max-age=300");
  });

  it("shows on the client's page", async () => {
    const saved = await saveLogo(a.agencyId, a.actor, PNG_1X1);
    const client = await makeClient(a, "Acme Shoes");
    const view = await openLinkPage((await makeLink(a, client.id)).token, META);
    expect(view?.agency.logoUrl).toBe(saved.ok && saved.logoUrl);
  });

  it("is removed by Remove logo: the URL answers 404 and the page falls back to the name", async () => {
    await saveLogo(a.agencyId, a.actor, PNG_1X1);
    const removals = await logoEvents(a.agencyId, "branding.logo_removed");
    const request = new Request(`http://localhost:3000/a/${slugA}/settings`, {
      method: "POST",
      headers: { Cookie: await cookieFor(a.userId) },
      body: new URLSearchParams({ intent: "removeLogo" }),
    });
    const response = await action({ request, params: { agency: slugA }, context: {} } as ActionFunctionArgs);
    expect(response.status).toBe(302);
    expect(await flashOf(response)).toEqual({ kind: "success", message: "Logo removed." });
    expect((await getLogo(a.agencyId)).status).toBe(404);
    expect((await db.agency.findUniqueOrThrow({ where: { id: a.agencyId } })).logoUrl).toBeNull();
    expect(await logoEvents(a.agencyId, "branding.logo_removed")).toBe(removals + 1);
  });
});

describe("the logo route", () => {
  it("answers 404 with no image for an agency without a logo, an unknown id or a malformed one", async () => {
    for (const id of [a.agencyId, "cnotanagencyatall0000000", "../../etc/passwd", ""]) {
      const response = await getLogo(id);
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });
});

describe("another agency", () => {
  it("cannot upload to or remove agency A's logo through A's settings (404)", async () => {
    await saveLogo(a.agencyId, a.actor, PNG_1X1);
    const before = await db.agencyLogo.findUniqueOrThrow({ where: { agencyId: a.agencyId } });

    await expect(upload(b, slugA, JPEG_START, "logo.jpg", "image/jpeg")).rejects.toMatchObject({ status: 404 });
    const remove = new Request(`http://localhost:3000/a/${slugA}/settings`, {
      method: "POST",
      headers: { Cookie: await cookieFor(b.userId) },
      body: new URLSearchParams({ intent: "removeLogo" }),
    });
    await expect(action({ request: remove, params: { agency: slugA }, context: {} } as ActionFunctionArgs)).rejects.toMatchObject({
      status: 404,
    });

    expect(await db.agencyLogo.findUniqueOrThrow({ where: { agencyId: a.agencyId } })).toEqual(before);
  });

  it("changes only its own logo with its own upload", async () => {
    await saveLogo(a.agencyId, a.actor, PNG_1X1);
    const response = await upload(b, slugB, JPEG_START, "b.jpg", "image/jpeg");
    expect(response.status).toBe(302);
    expect(await flashOf(response)).toEqual({ kind: "success", message: "Logo uploaded." });
    expect((await db.agencyLogo.findUniqueOrThrow({ where: { agencyId: a.agencyId } })).contentType).toBe("image/png");
    expect((await db.agencyLogo.findUniqueOrThrow({ where: { agencyId: b.agencyId } })).contentType).toBe("image/jpeg");
    expect(new Uint8Array(await (await getLogo(a.agencyId)).arrayBuffer())).toEqual(PNG_1X1);
  });

  it("a Member cannot upload (403) and nothing is stored", async () => {
    const member = await makeAgency("Member's own agency");
    await db.membership.create({ data: { agencyId: a.agencyId, userId: member.userId, role: "MEMBER" } });
    await expect(upload(member, slugA, PNG_1X1, "logo.png", "image/png")).rejects.toMatchObject({ status: 403 });
    await nothingStored();
  });
});
