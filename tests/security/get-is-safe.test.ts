// GET never changes state (issue 6, item 2): every route module of app/routes that exports a
// loader is requested through the real Express app, as a signed-in Owner, with real ids, and the
// database is compared row by row before and after. The documented exceptions: a link page's GET
// records the open (docs/decisions/007: status, firstOpenedAt, lastOpenedAt, openCount, the
// link.opened event, the agency's notification and its webhooks) and keeps the drawn page (docs/decisions/025),
// a session's lastSeenAt, the limiter's table.
import "./support/env";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { createIntakeLink } from "~/modules/intake/intake.server";
import { IntakeLinkSchema } from "~/modules/intake/schemas";
import { startBulkLinks } from "~/modules/links/bulk-csv.server";
import { BULK_COLUMNS } from "~/modules/links/bulk-format";
import { sendTestEvent } from "~/modules/webhooks/deliveries.server";
import { createEndpoint } from "~/modules/webhooks/endpoints.server";
import { EndpointSchema } from "~/modules/webhooks/schemas";

import { startAppServer, type TestServer } from "../support/app-server";
import { diff, snapshot, type SnapshotOptions } from "./support/db-snapshot";
import { fullBuild, type RouteEntry } from "./support/full-build";
import { seedAgency, type Seeded } from "./support/seed";
import { sessionCookieFor } from "./support/session";

const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/** Every route module, by id: the URLs that exercise its loader (null: the module has no loader). */
function urlTable(s: Seeded): Record<string, string[] | null> {
  const a = `/a/${s.slug}`;
  return {
    "routes/$": ["/no-such-page", "/deep/no/such/page?x=1"],
    "routes/_index": ["/"],
    "routes/a.$agency": [a],
    "routes/a.$agency._index": [a],
    "routes/a.$agency.api-keys": [`${a}/api-keys`],
    "routes/a.$agency.audit._index": [`${a}/audit`, `${a}/audit?type=link.created&page=2`],
    "routes/a.$agency.audit[.csv]": [`${a}/audit.csv`],
    "routes/a.$agency.clients.$clientId": [`${a}/clients/${s.clientId}`, `${a}/clients/${s.clientId}?archived=1.2`],
    "routes/a.$agency.clients._index": [`${a}/clients`, `${a}/clients?q=acme`],
    "routes/a.$agency.clients.new": [`${a}/clients/new`],
    "routes/a.$agency.grants.$grantId": [`${a}/grants/${s.grantId}`],
    "routes/a.$agency.grants[.csv]": [`${a}/grants.csv`, `${a}/grants.csv?q=acme&status=COMPLETED`],
    "routes/a.$agency.leave": [`${a}/leave`],
    "routes/a.$agency.links.$linkId": [`${a}/links/${s.link.id}`, `${a}/links/${s.completedLink.id}?created=1&reissued=1&sent=1`],
    "routes/a.$agency.links._index": [`${a}/links`, `${a}/links?status=open`],
    "routes/a.$agency.links[.csv]": [`${a}/links.csv`, `${a}/links.csv?q=1234567&status=PENDING`],
    "routes/a.$agency.links.bulk._index": [`${a}/links/bulk`],
    "routes/a.$agency.links.bulk.template[.csv]": [`${a}/links/bulk/template.csv`],
    "routes/a.$agency.links.bulk.$batchId": [`${a}/links/bulk/${batchId}`],
    "routes/a.$agency.links.bulk.$batchId.links[.csv]": [`${a}/links/bulk/${batchId}/links.csv`],
    "routes/a.$agency.links.new": [`${a}/links/new`, `${a}/links/new?clientId=${s.clientId}`],
    "routes/a.$agency.mailbox.$messageId": [`${a}/mailbox/${s.messageId}`, `${a}/mailbox/${s.messageId}?view=text`],
    "routes/a.$agency.mailbox.$messageId.html": [`${a}/mailbox/${s.messageId}/html`],
    "routes/a.$agency.mailbox._index": [`${a}/mailbox`],
    "routes/a.$agency.reviews": [`${a}/reviews`],
    "routes/a.$agency.settings": [`${a}/settings`],
    "routes/a.$agency.team": [`${a}/team`],
    "routes/a.$agency.webhooks._index": [`${a}/webhooks`],
    "routes/a.$agency.intake-links._index": [`${a}/intake-links`],
    "routes/a.$agency.intake-links.new": [`${a}/intake-links/new`],
    "routes/a.$agency.intake-links.$intakeId": [`${a}/intake-links/${intake.id}`, `${a}/intake-links/no-such-intake-link`],
    // An intake link's public page only reads; its form (a POST) makes the client and the link.
    "routes/i.$publicId": [`/i/${intake.publicId}`, "/i/not-an-intake-link", `/i/${intake.publicId}?lang=es`],
    "routes/a.$agency.webhooks.new": [`${a}/webhooks/new`],
    "routes/a.$agency.webhooks.$endpointId": [`${a}/webhooks/${webhookEndpointId}`, `${a}/webhooks/no-such-endpoint`],
    "routes/account": ["/account", "/account?passwordChanged=1"],
    // With the session cookie only: 401, nothing written. A GET with an API key records its use
    // (lastUsedAt, api.key_used, its limit): the documented exception of decision 049.
    "routes/api.v1.clients": ["/api/v1/clients", "/api/v1/clients?limit=2"],
    "routes/api.v1.clients.$clientId": [`/api/v1/clients/${s.clientId}`],
    // The API's POST-only endpoints answer a GET with 405 (after the key check: 401 here).
    "routes/api.v1.clients.$clientId.archive": [`/api/v1/clients/${s.clientId}/archive`],
    "routes/api.v1.clients.$clientId.restore": [`/api/v1/clients/${s.clientId}/restore`],
    "routes/api.v1.links": ["/api/v1/links", "/api/v1/links?status=PENDING"],
    "routes/api.v1.links.$linkId": [`/api/v1/links/${s.link.id}`],
    "routes/api.v1.links.$linkId.send": [`/api/v1/links/${s.link.id}/send`],
    "routes/api.v1.links.$linkId.revoke": [`/api/v1/links/${s.link.id}/revoke`],
    "routes/api.v1.links.$linkId.reissue": [`/api/v1/links/${s.link.id}/reissue`],
    "routes/api.v1.grants": ["/api/v1/grants", `/api/v1/grants?linkId=${s.completedLink.id}`],
    "routes/api.v1.grants.$grantId.verify": [`/api/v1/grants/${s.grantId}/verify`],
    "routes/api.v1.grants.$grantId.revoke": [`/api/v1/grants/${s.grantId}/revoke`],
    "routes/api.v1.events": ["/api/v1/events", "/api/v1/events?type=link"],
    "routes/api.v1.openapi[.json]": ["/api/v1/openapi.json"],
    "routes/docs.api": ["/docs/api"],
    "routes/account_.email": ["/account/email"],
    "routes/account_.two-factor": ["/account/two-factor", `/account/two-factor?agency=${s.slug}`],
    "routes/forgot-password": ["/forgot-password", "/forgot-password?sent=1"],
    "routes/reset-password.$token": [`/reset-password/${s.link.token}`, "/reset-password/not-a-token"],
    "routes/verify-email.$token": [`/verify-email/${s.invitationToken}`, "/verify-email/not-a-token"],
    "routes/brand.$agencyId.logo": [`/brand/${s.agency.agencyId}/logo`, `/brand/${s.agency.agencyId}/logo?v=1`],
    "routes/invite.$token": [`/invite/${s.invitationToken}`],
    "routes/l.$token": [`/l/${s.link.token}`, `/l/${s.completedLink.token}`],
    "routes/login": ["/login"],
    "routes/login_.two-factor": ["/login/two-factor", "/login/two-factor?redirectTo=/account"],
    "routes/logout": ["/logout"],
    "routes/reauth": ["/reauth", "/reauth?redirectTo=/account"],
    "routes/signup": ["/signup"],
  };
}

/** docs/decisions/007 and 025: what a link page's GET is allowed to write. */
const LINK_OPEN_EXCEPTIONS: SnapshotOptions = {
  ignoreColumns: { OnboardingLink: ["status", "firstOpenedAt", "lastOpenedAt", "openCount", "updatedAt"] },
  ignoreRow: {
    Event: (row) => row.type === "link.opened",
    OutboundEmail: (row) => typeof row.payload === "string" && row.payload.includes("link-opened"),
    // The open's webhook, queued with its event (docs/decisions/053).
    WebhookDelivery: (row) => row.type === "link.opened",
  },
};

let server: TestServer;
let routes: Record<string, RouteEntry>;
let modules: Record<string, Record<string, unknown>>;
let seeded: Seeded;
let cookie: string;
let webhookEndpointId = "";
let intake = { id: "", publicId: "" };
let batchId = "";

beforeAll(async () => {
  const full = await fullBuild();
  routes = full.routes;
  modules = full.modules;
  server = await startAppServer(full.build);
  seeded = await seedAgency();
  cookie = await sessionCookieFor(seeded.agency.userId);
  // A webhook endpoint with a delivery in its log (a name that never resolves: nothing is sent).
  const endpoint = await createEndpoint(
    seeded.agency.agencyId,
    seeded.agency.actor,
    EndpointSchema.parse({ url: "https://crm.get-is-safe.invalid/hooks", eventTypes: ["link.opened"] }),
  );
  if (!endpoint.ok) throw new Error("setup: webhook endpoint refused");
  webhookEndpointId = endpoint.endpointId;
  await sendTestEvent(seeded.agency.agencyId, webhookEndpointId, seeded.agency.actor);
  intake = await createIntakeLink(
    seeded.agency.agencyId,
    seeded.agency.actor,
    IntakeLinkSchema.parse({ name: "Website", role: "VIEWER", lifetimeDays: 7, reason: "Checkout review", dailyLimit: 50 }),
  );
  // A CSV upload (its result page and links download).
  const upload = await startBulkLinks(
    seeded.agency.agencyId,
    seeded.agency.actor,
    `${BULK_COLUMNS.join(",")}\nUploaded Co,Uma Upload,uma@uploaded.example,3456789,uploaded.example,,Viewer,7,Checkout review,,\n`,
    seeded.agency.granteeEmail,
    { waitMs: 60_000 },
  );
  if (!upload.ok || upload.state !== "CREATED") throw new Error("setup: CSV upload refused");
  batchId = upload.batchId;
});
afterAll(() => server?.close());

const sessionIds = async () => (await db.session.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((s) => s.id);

describe("GET never changes state", () => {
  it("the URL table covers every route module in app/routes", () => {
    const table = urlTable(seeded);
    const missing = Object.keys(routes).filter((id) => !(id in table));
    expect(missing, "route modules without a row in the URL table").toEqual([]);
    for (const [id, urls] of Object.entries(table)) {
      expect(routes[id], `${id} is in the table but not in app/routes`).toBeDefined();
      const hasLoader = typeof modules[id]!.loader === "function";
      if (hasLoader) expect(urls?.length, `${id} exports a loader: give it a URL`).toBeGreaterThan(0);
    }
  });

  it("no loader writes anything but its documented exceptions", async () => {
    const table = urlTable(seeded);
    const requests: { id: string; url: string; status: number; changes: string[] }[] = [];
    for (const [id, urls] of Object.entries(table)) {
      if (typeof modules[id]!.loader !== "function" || !urls) continue;
      for (const url of urls) {
        const isLinkPage = id === "routes/l.$token";
        const opts = isLinkPage ? LINK_OPEN_EXCEPTIONS : {};
        // Twice per URL: the second GET must find nothing new to write either.
        for (const pass of [1, 2]) {
          const before = await snapshot(opts);
          const sessionsBefore = await sessionIds();
          const response = await fetch(server.url + url, { headers: { Cookie: cookie, "User-Agent": BROWSER_UA }, redirect: "manual" });
          await response.arrayBuffer();
          const changes = diff(before, await snapshot(opts));
          const sessionsAfter = await sessionIds();
          if (sessionsAfter.join() !== sessionsBefore.join()) changes.push("Session: rows added or removed");
          requests.push({ id, url: `${url} (#${pass})`, status: response.status, changes });
        }
      }
    }
    console.log(
      `[get-is-safe] route modules: ${Object.keys(routes).length}, with loaders: ${Object.keys(routes).filter((id) => typeof modules[id]!.loader === "function").length}, ` +
        `GETs: ${requests.length}, 500s: ${requests.filter((r) => r.status >= 500).length}, GETs that changed rows: ${requests.filter((r) => r.changes.length).length}`,
    );
    expect(requests.filter((r) => r.status >= 500)).toEqual([]);
    expect(requests.filter((r) => r.changes.length > 0)).toEqual([]);
    // The signed-in Owner really reached the staff pages (not a redirect to /login).
    expect(requests.find((r) => r.id === "routes/a.$agency.team")!.status).toBe(200);
    expect(requests.find((r) => r.id === "routes/l.$token")!.status).toBe(200);
    // Every route, twice, with a whole-database snapshot around each GET: about 20 s on PostgreSQL
    // on a quiet machine, and it grows with each route.
  }, 120_000);
});
