// Bad input (issue 6, "The suites"): hostile inputs generated programmatically, sent over real
// HTTP to every form action and every URL parameter of the real app. Holds: no 500, every
// rejection is a readable page (HTML or JSON, not empty), and no row changes on a rejected
// request (a per-row sha256 of every table but the limiter's and the sessions', before and after).
import "./support/env";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";

import { makeLink, SITE_A, SITE_B } from "../integration/helpers";
import { startAppServer, type TestServer } from "../support/app-server";
import { diff, type Snapshot, snapshot, type SnapshotOptions } from "./support/db-snapshot";
import { fullBuild } from "./support/full-build";
import { hostileUrlValues, hostileValues, MB } from "./support/hostile";
import { seedAgency, type Seeded } from "./support/seed";
import { sessionCookieFor } from "./support/session";

const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/**
 * A failed login is audited (docs/decisions/017 and 039): the one row a rejected request writes
 * on purpose, a FailedLogin that the worker turns into auth.login_failed events. Counted and
 * printed, not compared.
 */
const OPTIONS: SnapshotOptions = { ignoreRow: { FailedLogin: () => true, Event: (row) => row.type === "auth.login_failed" } };

/** A refused form post to a link page redraws the page but is not an open: no write allowed. */
const LINK_PAGE_OPTIONS: SnapshotOptions = OPTIONS;

/**
 * Real bugs found by this suite, left for the app's owners (this suite does not change app code):
 * the settings action reads a multipart body with unstable_parseMultipartFormData and rethrows
 * its parse errors, which errorResponse does not recognise as an unreadable form -> 500.
 * Printed in the figures; any other 500 fails the suite.
 */
const KNOWN_500S = new Set<string>();

/** Resource routes (an image, a CSV) answer a rejection in plain text, which is readable there. */
const PLAIN_TEXT_OK = (target: string) => /^GET \/brand\/|audit\.csv/.test(target);

type Fields = [string, string][];
type Target = { name: string; path: () => string; staff: boolean; fields: () => Fields; options?: SnapshotOptions };
type Body = { label: string; body: BodyInit | undefined; contentType?: string };
type Outcome = { target: string; label: string; status: number; problem?: string };

let server: TestServer;
let seeded: Seeded;
let cookie: string;
let current: Snapshot;
const outcomes: Outcome[] = [];
const knownBugs: string[] = [];
const links: Record<string, string> = {};

beforeAll(async () => {
  server = await startAppServer((await fullBuild()).build);
  seeded = await seedAgency();
  cookie = await sessionCookieFor(seeded.agency.userId);
  for (const name of ["grant", "decline", "requestNew"]) {
    links[name] = (await makeLink(seeded.agency, seeded.clientId, { siteIds: [SITE_A, SITE_B] })).token;
    // Opened once, as the client would before posting: the first open's writes happen here.
    await (await fetch(`${server.url}/l/${links[name]}`, { headers: { "User-Agent": BROWSER_UA } })).arrayBuffer();
  }
  current = await snapshot(OPTIONS);
}, 60_000);

afterAll(async () => {
  await server?.close();
  const rejected = outcomes.filter((o) => o.status >= 400);
  const loginFailedEvents = (await db.failedLogin.count()) + (await db.event.count({ where: { type: "auth.login_failed" } }));
  console.log(
    `[bad-input] inputs tried: ${outcomes.length} (form actions ${outcomes.filter((o) => !o.target.startsWith("GET")).length}, URL parameters ${outcomes.filter((o) => o.target.startsWith("GET")).length}); ` +
      `rejected (4xx): ${rejected.length}; accepted: ${outcomes.length - rejected.length}; 500s: ${outcomes.filter((o) => o.status >= 500).length}; ` +
      `unreadable rejections: ${outcomes.filter((o) => o.problem?.startsWith("unreadable")).length}; ` +
      `rows changed by rejected requests: ${outcomes.filter((o) => o.problem?.startsWith("rows changed")).length}; ` +
      `statuses ${JSON.stringify(outcomes.reduce<Record<number, number>>((a, o) => ({ ...a, [o.status]: (a[o.status] ?? 0) + 1 }), {}))}; ` +
      `audited failed logins (expected writes): ${loginFailedEvents}; known 500s (real bugs, see KNOWN_500S): ${knownBugs.length}${knownBugs.length ? ` [${knownBugs.join("; ")}]` : ""}`,
  );
});

const TARGETS: Target[] = [
  {
    name: "signup",
    path: () => "/signup",
    staff: false,
    fields: () => [
      ["name", "Hostile Tester"],
      ["email", "hostile.tester@agency.example"],
      ["password", "correct horse battery"],
      ["agencyName", "Hostile Agency"],
      ["granteeEmail", "analytics@hostile.example"],
    ],
  },
  {
    name: "login",
    path: () => "/login",
    staff: false,
    fields: () => [
      ["email", seeded.agency.email],
      ["password", "not the password"],
      ["redirectTo", "/account"],
    ],
  },
  {
    name: "reauth",
    path: () => "/reauth",
    staff: true,
    fields: () => [
      ["password", "not the password"],
      ["code", "123456"],
      ["redirectTo", "/account"],
    ],
  },
  {
    name: "clients new",
    path: () => `/a/${seeded.slug}/clients/new`,
    staff: true,
    fields: () => [
      ["intent", "save"],
      ["name", "Hostile Client"],
      ["contactName", "Casey"],
      ["contactEmail", "casey@hostile.example"],
      ["hotjarOrganizationId", "4455667"],
      ["sites[0].hotjarSiteId", "3456789"],
      ["sites[0].name", "hostile.example"],
      ["sites[0].url", "https://hostile.example"],
    ],
  },
  {
    name: "clients edit",
    path: () => `/a/${seeded.slug}/clients/${seeded.clientId}`,
    staff: true,
    fields: () => [
      ["intent", "save"],
      ["name", "Acme Shoes"],
      ["contactName", "Casey Client"],
      ["contactEmail", "casey@acme-shoes.example"],
      ["hotjarOrganizationId", "4455667"],
      ["sites[0].hotjarSiteId", SITE_A],
      ["sites[0].name", "acme-shoes.example"],
      ["sites[0].url", "https://acme-shoes.example"],
      ["sites[1].hotjarSiteId", SITE_B],
      ["sites[1].name", "blog.acme-shoes.example"],
    ],
  },
  {
    name: "links new",
    path: () => `/a/${seeded.slug}/links/new`,
    staff: true,
    fields: () => [
      ["clientId", seeded.clientId],
      ["role", "VIEWER"],
      ["siteMode", "named"],
      ["siteIds", SITE_A],
      ["granteeEmail", seeded.agency.granteeEmail],
      ["recipientEmail", "casey@acme-shoes.example"],
      ["reason", "Monthly review"],
      ["lifetimeValue", "7"],
      ["lifetimeUnit", "days"],
      ["accessEndsOn", ""],
    ],
  },
  {
    name: "link grant",
    path: () => `/l/${links.grant}`,
    staff: false,
    options: LINK_PAGE_OPTIONS,
    fields: () => [
      ["intent", "grant"],
      ["clientName", "Casey Client"],
      ["clientEmail", "casey@acme-shoes.example"],
      ["siteIds", SITE_A],
      ["siteIds", SITE_B],
    ],
  },
  {
    name: "link decline",
    path: () => `/l/${links.decline}`,
    staff: false,
    options: LINK_PAGE_OPTIONS,
    fields: () => [
      ["intent", "decline"],
      ["reason", "Not now"],
    ],
  },
  {
    name: "link requestNew",
    path: () => `/l/${links.requestNew}`,
    staff: false,
    options: LINK_PAGE_OPTIONS,
    fields: () => [["intent", "requestNew"]],
  },
  {
    name: "team invite",
    path: () => `/a/${seeded.slug}/team`,
    staff: true,
    fields: () => [
      ["intent", "invite"],
      ["email", "hostile.colleague@agency.example"],
      ["role", "MEMBER"],
    ],
  },
  {
    name: "settings",
    path: () => `/a/${seeded.slug}/settings`,
    staff: true,
    fields: () => [
      ["name", "Northwind Analytics"],
      ["accentColor", "#336699"],
      ["granteeEmail", seeded.agency.granteeEmail],
      ["defaultLifetimeDays", "7"],
      ["defaultRole", "VIEWER"],
      ["reviewIntervalDays", "90"],
      ["notificationEmail", ""],
    ],
  },
  {
    name: "reviews keep",
    path: () => `/a/${seeded.slug}/reviews`,
    staff: true,
    fields: () => [
      ["intent", "keep"],
      ["grantId", seeded.grantId],
      ["nextReviewOn", "2027-01-15"],
    ],
  },
];

const form = (fields: Fields): Body => {
  const params = new URLSearchParams();
  for (const [k, v] of fields) params.append(k, v);
  return { label: "", body: params.toString(), contentType: "application/x-www-form-urlencoded" };
};

/** The bodies sent to one target: every hostile value in one field (rotating), then the structural attacks. */
function bodiesFor(target: Target): Body[] {
  const base = target.fields();
  const names = [...new Set(base.map(([k]) => k))];
  const out: Body[] = [];
  hostileValues().forEach(([label, value], i) => {
    const name = names[i % names.length]!;
    const fields = base.map(([k, v]): [string, string] => [k, k === name ? value : v]);
    out.push({ ...form(fields), label: `${name} = ${label}` });
  });
  for (const name of names) {
    out.push({ ...form(base.filter(([k]) => k !== name)), label: `missing ${name}` });
    out.push({ ...form([...base, [name, "<b>second</b>"], [name, ""]]), label: `duplicated ${name}` });
  }
  const json = Object.fromEntries(base);
  const boundary = "----hostile";
  out.push(
    { label: "no body", body: undefined, contentType: "application/x-www-form-urlencoded" },
    { ...form([]), label: "empty form" },
    {
      ...form([
        ["__proto__[admin]", "1"],
        ["constructor.prototype.x", "1"],
        ["a".repeat(10_000), "b"],
      ]),
      label: "unknown fields only",
    },
    { label: "JSON body", body: JSON.stringify(json), contentType: "application/json" },
    {
      label: "JSON wrong types",
      body: JSON.stringify(Object.fromEntries(names.map((n, i) => [n, [null, 42, [1, 2], { $ne: null }, true][i % 5]]))),
      contentType: "application/json",
    },
    { label: "text/plain", body: base.map(([k, v]) => `${k}=${v}`).join("\r\n"), contentType: "text/plain" },
    {
      label: "multipart without boundary",
      body: `--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n`,
      contentType: "multipart/form-data",
    },
    {
      label: "multipart truncated",
      body: `--${boundary}\r\nContent-Disposition: form-data; name="${names[0]}"\r\n\r\nunterminated`,
      contentType: `multipart/form-data; boundary=${boundary}`,
    },
    {
      label: "XML",
      body: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>`,
      contentType: "application/xml",
    },
    { label: "no content type", body: form(base).body as string, contentType: undefined },
    {
      label: "invalid percent-encoding",
      body: `${names[0]}=%E0%A4%A&%%%=%ZZ&${names[0]}=%00`,
      contentType: "application/x-www-form-urlencoded",
    },
    {
      label: "binary garbage",
      body: new Uint8Array(4096).map((_, i) => (i * 7919) % 256),
      contentType: "application/x-www-form-urlencoded",
    },
    {
      ...form(base.map(([k, v]): [string, string] => [k, k === names[names.length - 1] ? "z".repeat(3 * MB) : v])),
      label: "3 MB form field",
    },
    { ...form([...base, ...Array.from({ length: 50_000 }, (_, i): [string, string] => [`f${i}`, "x"])]), label: "50k fields" },
    {
      label: "4 MB multipart file",
      body: `--${boundary}\r\nContent-Disposition: form-data; name="${names[0]}"\r\n\r\n${base[0]![1]}\r\n--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="../../x.html"\r\nContent-Type: text/html\r\n\r\n${"<p>".repeat(1.4 * MB)}\r\n--${boundary}--\r\n`,
      contentType: `multipart/form-data; boundary=${boundary}`,
    },
  );
  return out;
}

function readable(response: Response, text: string, plainTextOk: boolean): boolean {
  const type = response.headers.get("content-type") ?? "";
  return (plainTextOk ? /text\/html|text\/plain|application\/json/ : /text\/html|application\/json/).test(type) && text.trim().length > 0;
}

async function probe(target: string, label: string, url: string, init: RequestInit, options: SnapshotOptions = OPTIONS) {
  const before = options === OPTIONS ? current : await snapshot(options);
  let status = 0;
  let problem: string | undefined;
  try {
    const response = await fetch(server.url + url, { ...init, redirect: "manual" });
    const text = await response.text();
    status = response.status;
    if (status >= 500 && KNOWN_500S.has(`${target}|${label}`)) knownBugs.push(`${target}: ${label} -> ${status}`);
    else if (status >= 500) problem = `status ${status}: ${text.slice(0, 200)}`;
    else if (status >= 400 && !readable(response, text, PLAIN_TEXT_OK(target)))
      problem = `unreadable ${status} (${response.headers.get("content-type")}): ${JSON.stringify(text.slice(0, 100))}`;
  } catch (error) {
    problem = `no response: ${String(error)} (${String((error as Error).cause)})`;
  }
  const after = await snapshot(options);
  // A rejected request (or a GET, which never changes state) must leave every row as it was.
  if (!problem && (status >= 400 || init.method === undefined)) {
    const changes = diff(before, after);
    if (changes.length) problem = `rows changed: ${changes.slice(0, 5).join(", ")}`;
  }
  current = options === OPTIONS ? after : await snapshot(OPTIONS);
  outcomes.push({ target, label, status, problem });
  return { target, label, status, problem };
}

describe("bad input to every form action", () => {
  for (const target of TARGETS) {
    it(`${target.name}: no 500, readable rejections, no rows changed`, async () => {
      const problems = [];
      for (const b of bodiesFor(target)) {
        const headers: Record<string, string> = { Origin: server.origin, "User-Agent": BROWSER_UA };
        if (b.contentType) headers["Content-Type"] = b.contentType;
        if (target.staff) headers.Cookie = cookie;
        const result = await probe(
          `POST ${target.name}`,
          b.label,
          target.path(),
          { method: "POST", headers, body: b.body },
          target.options,
        );
        if (result.problem) problems.push(`${b.label}: ${result.problem}`);
      }
      if (problems.length)
        console.log(
          `[bad-input] ${target.name} problems:\n${problems
            .slice(0, 12)
            .map((p) => p.slice(0, 300))
            .join("\n")}`,
        );
      expect(problems).toEqual([]);
    }, 60_000);
  }
});

describe("bad input in URL parameters", () => {
  it("ids and query strings: no 500, readable rejections, no rows changed", async () => {
    const s = seeded;
    const a = `/a/${s.slug}`;
    const templates: ((v: string) => string)[] = [
      (v) => `/a/${v}`,
      (v) => `${a}/clients/${v}`,
      (v) => `${a}/links/${v}`,
      (v) => `${a}/grants/${v}`,
      (v) => `${a}/mailbox/${v}`,
      (v) => `/l/${v}`,
      (v) => `/invite/${v}`,
      (v) => `/brand/${v}/logo`,
      (v) => `${a}/clients?q=${v}&page=${v}&archived=${v}`,
      (v) => `${a}/links?status=${v}&page=${v}&clientId=${v}`,
      (v) => `${a}/audit?type=${v}&from=${v}&to=${v}&page=${v}&actor=${v}`,
      (v) => `${a}/audit.csv?type=${v}&from=${v}`,
      (v) => `${a}/mailbox?page=${v}`,
      (v) => `${a}/links/new?clientId=${v}`,
      (v) => `${a}/clients/${s.clientId}?archived=${v}`,
      (v) => `/login?redirectTo=${v}`,
      (v) => `/brand/${s.agency.agencyId}/logo?v=${v}`,
    ];
    const values = hostileUrlValues();
    const problems = [];
    for (const [i, template] of templates.entries()) {
      // Every template gets a third of the values (rotating), every value reaches several templates.
      for (const [j, [label, value]] of values.entries()) {
        if ((i + j) % 3 !== 0) continue;
        const url = template(encodeURIComponent(value));
        // Node answers an over-long request line itself (431) before any app code runs.
        if (url.length > 12_000) continue;
        const result = await probe(`GET ${template("{}")}`, label, url, { headers: { Cookie: cookie, "User-Agent": BROWSER_UA } });
        if (result.problem) problems.push(`${template("{}")} with ${label}: ${result.problem}`);
      }
    }
    if (problems.length)
      console.log(
        `[bad-input] URL problems:\n${problems
          .slice(0, 12)
          .map((p) => p.slice(0, 300))
          .join("\n")}`,
      );
    expect(problems).toEqual([]);
  }, 60_000);

  it(`at least 500 hostile inputs were tried`, () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(500);
  });
});
