// Finding 2 (issue 13): one 200 MB `POST /login` took the server from 193 MB to 1.5 GB of memory
// and blocked it for 9 s. Every body is now bounded from its headers before anything reads it
// (server/body-limit.ts, docs/decisions/031). Against the real server process (`npm start`'s
// server/index.ts): 50 MB posts, streamed from a generator and never held here, are answered 413
// with a readable page within a second while the server's memory stays flat; a chunked body is
// refused (411); a login and a logo upload still work; a multipart with too many parts is refused
// with the logo field's error.
import "./support/env";

import { readFileSync } from "node:fs";
import http from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { LOGO_FORM_UNEXPECTED, MAX_LOGO_BYTES, MAX_LOGO_FORM_PARTS, MAX_LOGO_UPLOAD_BYTES } from "~/modules/agencies/branding";
import { db } from "~/modules/db/db.server";
import { BULK_MAX_BYTES, BULK_UPLOAD_MAX_BYTES } from "~/modules/links/bulk-limits";

import { MAX_FORM_BYTES } from "../../server/body-limit";
import { flashOf, makeAgency, type TestAgency } from "../integration/helpers";
import { DESKTOP, freePort, startServer, stopServers } from "./support/server-process";
import { sessionCookieFor } from "./support/session";

const MB = 1024 * 1024;
const BIG = 50 * MB;
const BOUNDARY = "----BodyLimitBoundary9x7TqLmZ3sWk";
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
const URLENCODED = "application/x-www-form-urlencoded";
/** A valid 1x1 PNG. */
const PNG_1X1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

let origin: string;
let pid: number;
let agency: TestAgency;
let slug: string;
let cookie: string;

beforeAll(async () => {
  agency = await makeAgency();
  slug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;
  cookie = await sessionCookieFor(agency.userId);
  const server = await startServer(await freePort());
  origin = server.origin;
  pid = server.child.pid!;
}, 120_000);
afterAll(stopServers);

/** The server process's resident memory in MB (VmRSS), as `top` shows it. */
function rssMb(): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) / 1024;
}

/**
 * The server's RSS once it holds still: a freshly started server grows by tens of MB in its first
 * second, requests or not, which must not be counted against the requests measured.
 */
async function settledRssMb(): Promise<number> {
  let last = rssMb();
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const now = rssMb();
    if (Math.abs(now - last) < 1) return now;
    last = now;
  }
  return last;
}

/** `total` bytes in 64 KiB chunks of `fill`, made as they are sent: the same chunk over and over. */
function* bytes(total: number, fill = "x"): Generator<Buffer> {
  const chunk = Buffer.alloc(64 * 1024, fill);
  for (let sent = 0; sent < total; sent += chunk.length) yield total - sent >= chunk.length ? chunk : chunk.subarray(0, total - sent);
}

/** A URL-encoded body of `total` bytes that starts with `start`. */
function* form(start: string, total: number): Generator<Buffer> {
  yield Buffer.from(start);
  yield* bytes(total - Buffer.byteLength(start));
}

const FILE_HEAD = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="logo"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n`;
const CLOSE = `\r\n--${BOUNDARY}--\r\n`;

/** The logo form, multipart, its file `size` bytes opened by a PNG signature. */
function* logoForm(size: number): Generator<Buffer> {
  yield Buffer.from(FILE_HEAD);
  yield PNG_1X1.subarray(0, 8);
  yield* bytes(size - 8, "\0");
  yield Buffer.from(CLOSE);
}

const logoFormLength = (size: number) => Buffer.byteLength(FILE_HEAD) + size + Buffer.byteLength(CLOSE);

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number; sent: number };

/**
 * A POST through node:http, written chunk by chunk (with back-pressure) until the server answers:
 * the answer is seen while the body is still being written. After it, writing stops; the EPIPE or
 * ECONNRESET of a socket the server closed is expected then. Without `length`, the body is chunked.
 */
function post(
  path: string,
  contentType: string,
  body: Iterable<Buffer>,
  length?: number,
  extra: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let answered = false;
    let sent = 0;
    const headers: Record<string, string> = { Origin: origin, "User-Agent": DESKTOP, "Content-Type": contentType, ...extra };
    if (length !== undefined) headers["Content-Length"] = String(length);
    const req = http.request(`${origin}${path}`, { method: "POST", headers, agent: false });
    req.on("response", (res) => {
      answered = true;
      const ms = performance.now() - started;
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), ms, sent });
        req.destroy();
      });
    });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    void (async () => {
      for (const chunk of body) {
        if (answered || req.destroyed) return;
        sent += chunk.length;
        if (!req.write(chunk)) await drainedOrClosed(req);
      }
      if (!answered && !req.destroyed) req.end();
    })();
  });
}

function drainedOrClosed(req: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off("drain", done);
      req.off("close", done);
      resolve();
    };
    req.on("drain", done);
    req.on("close", done);
  });
}

/** A refusal a person can read: an HTML page with a language, a title, a heading and the sentence. */
function expectReadableRefusal(answer: Answer, status: number, sentence: RegExp) {
  expect(answer.status).toBe(status);
  expect(answer.headers["content-type"]).toMatch(/^text\/html/);
  expect(answer.headers.connection).toBe("close");
  expect(answer.body).toMatch(/<html lang="en">/);
  expect(answer.body).toMatch(/<title>[^<]+<\/title>/);
  expect(answer.body.match(/<h1>/g)).toHaveLength(1);
  expect(answer.body).toMatch(sentence);
}

const TOO_LARGE = /larger than this site accepts: go back and (send less|choose)/;

describe("finding 2: no request-body limit before login", () => {
  it("50 MB posts to login, signup and staff forms are answered 413 within a second, and the server's memory stays flat", async () => {
    // Once first, so that what the first refusal loads or compiles is not counted as growth.
    expectReadableRefusal(await post("/login", URLENCODED, form("email=", MB), MB), 413, TOO_LARGE);
    const before = await settledRssMb();
    const targets: [string, string, Iterable<Buffer>, number, Record<string, string>?][] = [
      ["/login", URLENCODED, form("email=olivia%40agency.example&password=", BIG), BIG],
      ["/signup", URLENCODED, form("name=Olivia&email=olivia%40agency.example&password=", BIG), BIG],
      [`/a/${slug}/clients/new`, URLENCODED, form("intent=save&name=", BIG), BIG, { Cookie: cookie }],
      [`/a/${slug}/settings`, MULTIPART, logoForm(BIG), logoFormLength(BIG), { Cookie: cookie }],
    ];
    const figures: string[] = [];
    for (const [path, type, body, length, extra] of targets) {
      const answer = await post(path, type, body, length, extra);
      expectReadableRefusal(answer, 413, TOO_LARGE);
      expect(answer.ms, `${path} answered in ${Math.round(answer.ms)} ms`).toBeLessThan(1_000);
      figures.push(`${path} ${answer.status} in ${Math.round(answer.ms)} ms after ${Math.round(answer.sent / 1024)} KiB written`);
    }
    const grown = rssMb() - before;
    console.log(`[body-limit] ${figures.join("; ")}; server RSS ${before.toFixed(0)} -> ${(before + grown).toFixed(0)} MB`);
    expect(grown).toBeLessThan(50);
    // The server still answers.
    expect((await fetch(`${origin}/login`)).status).toBe(200);
  }, 120_000);

  it("a form just over the form limit is refused; the logo's allowance belongs to the logo upload alone", async () => {
    const over = MAX_FORM_BYTES + 1;
    expectReadableRefusal(await post("/login", URLENCODED, form("email=", over), over), 413, TOO_LARGE);
    // Multipart, of the logo's size, to a route that takes no file.
    const size = 100 * 1024;
    expectReadableRefusal(await post("/login", MULTIPART, logoForm(size), logoFormLength(size)), 413, TOO_LARGE);
    expectReadableRefusal(await post(`/a/${slug}/settings`, URLENCODED, form("name=", size), size, { Cookie: cookie }), 413, TOO_LARGE);
    // The logo upload just over its allowance: the page names the logo's limit.
    const logo = MAX_LOGO_UPLOAD_BYTES - logoFormLength(0) + 1;
    expectReadableRefusal(
      await post(`/a/${slug}/settings`, MULTIPART, logoForm(logo), logoFormLength(logo), { Cookie: cookie }),
      413,
      /choose an image of at most 512 KB/,
    );
  });

  it("a CSV of links has its own allowance: a 2 MB file reaches the upload page, a larger body is refused naming 2 MB", async () => {
    const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="links.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    function* csvForm(size: number): Generator<Buffer> {
      yield Buffer.from(head);
      yield* bytes(size, "a");
      yield Buffer.from(CLOSE);
    }
    const length = (size: number) => Buffer.byteLength(head) + size + Buffer.byteLength(CLOSE);
    const page = await post(`/a/${slug}/links/bulk`, MULTIPART, csvForm(BULK_MAX_BYTES), length(BULK_MAX_BYTES), { Cookie: cookie });
    // Read and answered by the page: one column, so the header lacks the others.
    expect(page.status).toBe(400);
    expect(page.body).toContain("The header row lacks");
    const over = BULK_UPLOAD_MAX_BYTES - length(0) + 1;
    expectReadableRefusal(
      await post(`/a/${slug}/links/bulk`, MULTIPART, csvForm(over), length(over), { Cookie: cookie }),
      413,
      /upload a CSV of at most 2 MB/,
    );
  }, 60_000);

  it("a chunked body (no Content-Length) is refused with 411 before it is read", async () => {
    const answer = await post("/login", URLENCODED, form("email=olivia%40agency.example&password=", BIG));
    expectReadableRefusal(answer, 411, /without saying how large it is/);
    expect(answer.ms).toBeLessThan(1_000);
  }, 60_000);

  it("a login and a logo upload, the largest logo included, still work", async () => {
    const login = await fetch(`${origin}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: origin, "User-Agent": DESKTOP },
      body: new URLSearchParams({ email: agency.email, password: "correct horse battery" }),
    });
    expect(login.status).toBe(302);
    expect(login.headers.get("set-cookie")).toMatch(/^portal_session=/);

    for (const logo of [PNG_1X1, Buffer.concat([PNG_1X1, Buffer.alloc(MAX_LOGO_BYTES - PNG_1X1.length)])]) {
      const upload = new FormData();
      upload.append(
        "logo",
        new File([logo], "a-rather-long-file-name-as-people-save-them-from-their-designer (final, v2).png", { type: "image/png" }),
      );
      const response = await fetch(`${origin}/a/${slug}/settings`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: origin, Cookie: cookie, "User-Agent": DESKTOP },
        body: upload,
      });
      // Back to the settings page, with the message it shows.
      expect(response.status).toBe(302);
      expect(await flashOf(response)).toEqual({ kind: "success", message: "Logo uploaded." });
      const stored = await db.agencyLogo.findUniqueOrThrow({ where: { agencyId: agency.agencyId } });
      expect(stored.bytes.length).toBe(logo.length);
    }
  });

  it("a logo form with more parts than the form sends, or a long text part, is refused with the logo field's error", async () => {
    const textPart = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const bodies = [
      Buffer.concat([
        Buffer.from(Array.from({ length: MAX_LOGO_FORM_PARTS + 20 }, (_, i) => textPart(`f${i}`, "x")).join("") + FILE_HEAD),
        PNG_1X1,
        Buffer.from(CLOSE),
      ]),
      Buffer.concat([Buffer.from(textPart("note", "y".repeat(10 * 1024)) + FILE_HEAD), PNG_1X1, Buffer.from(CLOSE)]),
    ];
    for (const body of bodies) {
      const answer = await post(`/a/${slug}/settings`, MULTIPART, [body], body.length, { Cookie: cookie });
      expect(answer.status).toBe(400);
      expect(answer.headers["content-type"]).toMatch(/^text\/html/);
      expect(answer.body).toContain(LOGO_FORM_UNEXPECTED);
    }
  });
});
