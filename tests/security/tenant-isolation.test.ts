// Tenant isolation over real HTTP: agency B's owner, signed in, calls every staff route of B's
// slug with agency A's ids, and every staff route of A's slug. Each request must be refused
// (404, or 403 for a permission), and nothing of A may change. The case table must cover every
// app/routes/a.$agency*.tsx file: a new staff route without a case here fails this suite.
import fs from "node:fs";
import path from "node:path";

import { addDays, format } from "date-fns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Staff routes and the link page share the limiter; this suite makes many requests from one address.
process.env.RATE_LIMIT_SCALE = "1000";

const { db } = await import("~/modules/db/db.server");
const { startSession } = await import("~/modules/auth/auth.server");
const { agencyContextFor } = await import("~/modules/agencies/agencies.server");
const { completeLink } = await import("~/modules/links/link-page.server");
const { sendLinkByEmail } = await import("~/modules/email/staff.server");
const { createMailboxTransport } = await import("~/modules/email/transports.server");
const { runWorkerCycle } = await import("~/modules/email/worker.server");
const { inviteStaff, acceptInvitation } = await import("~/modules/team/invitations.server");
const { invitationToken } = await import("~/modules/team/invitation-token.server");
const { createApiKey, CreateApiKeySchema } = await import("~/modules/api/api-keys.server");
const { createIntakeLink } = await import("~/modules/intake/intake.server");
const { IntakeLinkSchema } = await import("~/modules/intake/schemas");
const { createEndpoint } = await import("~/modules/webhooks/endpoints.server");
const { sendTestEvent } = await import("~/modules/webhooks/deliveries.server");
const { EndpointSchema } = await import("~/modules/webhooks/schemas");
const { startBulkLinks } = await import("~/modules/links/bulk-csv.server");
const { BULK_COLUMNS } = await import("~/modules/links/bulk-format");
const { fullBuild } = await import("./support/full-build");
const { captureLogs, startAppServer } = await import("../support/app-server");
const { META, SITE_A, makeAgency, makeClient, makeLink } = await import("../integration/helpers");
type TestAgency = Awaited<ReturnType<typeof makeAgency>>;
type TestServer = Awaited<ReturnType<typeof startAppServer>>;

const ROUTES_DIR = path.resolve("app/routes");
const LAYOUT = "a.$agency.tsx";
const staffFiles = fs.readdirSync(ROUTES_DIR).filter((f) => f.startsWith("a.$agency") && /\.(tsx?|jsx?)$/.test(f) && !f.includes(".test."));

type Fixture = {
  agency: TestAgency;
  slug: string;
  cookie: string;
  clientId: string;
  linkId: string;
  grantId: string;
  invitationId: string;
  memberUserId: string;
  emailId: string;
  messageId: string;
  apiKeyId: string;
  endpointId: string;
  deliveryId: string;
  intakeId: string;
  batchId: string;
};

async function fixture(name: string): Promise<Fixture> {
  const agency = await makeAgency(name);
  const slug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;
  const clientId = (await makeClient(agency, `Client of ${name}`)).id;
  const link = await makeLink(agency, clientId);
  const done = await makeLink(agency, clientId);
  const completed = await completeLink(
    done.token,
    { clientName: "Casey", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A] },
    META,
  );
  if (!completed.ok) throw new Error("setup: completion refused");
  const grantId = (await db.grant.findFirstOrThrow({ where: { linkId: done.id } })).id;
  await sendLinkByEmail(agency.agencyId, link.id, agency.actor);
  const emailId = (await db.outboundEmail.findFirstOrThrow({ where: { agencyId: agency.agencyId } })).id;
  const user = await db.user.findUniqueOrThrow({ where: { id: agency.userId } });
  const ctx = await agencyContextFor({ id: user.id, email: user.email, name: user.name }, slug, "dashboard:read");
  const tag = name.replace(/\W/g, "").toLowerCase();
  const joined = await inviteStaff(ctx, { email: `member-${tag}@agency.example`, role: "MEMBER" });
  if (!joined.ok) throw new Error(joined.message);
  const accepted = await acceptInvitation(
    invitationToken(await db.staffInvitation.findUniqueOrThrow({ where: { id: joined.invitationId } })),
    {
      signup: { name: "Member Person", password: "long enough password" },
    },
  );
  if (!accepted.ok) throw new Error(accepted.message);
  const pending = await inviteStaff(ctx, { email: `pending-${tag}@agency.example`, role: "MEMBER" });
  if (!pending.ok) throw new Error(pending.message);
  const cookie = (await startSession(agency.userId)).split(";")[0]!;
  const apiKey = await createApiKey(
    agency.agencyId,
    agency.actor,
    CreateApiKeySchema.parse({ name: `Key of ${name}`, scopes: ["clients:read"] }),
  );
  // A webhook endpoint on a name that never resolves (.invalid): its test delivery fails, quietly.
  const endpoint = await createEndpoint(
    agency.agencyId,
    agency.actor,
    EndpointSchema.parse({ url: `https://crm.${tag}.invalid/hooks`, eventTypes: ["link.opened"] }),
  );
  if (!endpoint.ok) throw new Error("setup: webhook endpoint refused");
  const delivery = await sendTestEvent(agency.agencyId, endpoint.endpointId, agency.actor);
  const intake = await createIntakeLink(
    agency.agencyId,
    agency.actor,
    IntakeLinkSchema.parse({ name: `Intake of ${name}`, role: "VIEWER", lifetimeDays: 7, reason: "Checkout review", dailyLimit: 50 }),
  );
  // A CSV upload of one client and link (its batch: the result page and the download).
  const upload = await startBulkLinks(
    agency.agencyId,
    agency.actor,
    `${BULK_COLUMNS.join(",")}\nUploaded ${name},Uma Upload,uma@${tag}.example,3456789,${tag}.example,,Viewer,7,Checkout review,,\n`,
    agency.granteeEmail,
    { waitMs: 60_000 },
  );
  if (!upload.ok || upload.state !== "CREATED") throw new Error("setup: CSV upload refused");
  return {
    agency,
    slug,
    cookie,
    clientId,
    linkId: link.id,
    grantId,
    invitationId: pending.invitationId,
    memberUserId: accepted.userId,
    emailId,
    messageId: "",
    apiKeyId: apiKey.key.id,
    endpointId: endpoint.endpointId,
    deliveryId: delivery.id,
    intakeId: intake.id,
    batchId: upload.batchId,
  };
}

let server: TestServer;
let logs: ReturnType<typeof captureLogs>;
let A: Fixture;
let B: Fixture;
const figures = { requests: 0, refused: 0, rowsChanged: 0 };

/** Everything of agency A a foreign request could touch. */
async function snapshotA() {
  const agencyId = A.agency.agencyId;
  return {
    agency: await db.agency.findUniqueOrThrow({ where: { id: agencyId } }),
    clients: await db.client.findMany({ where: { agencyId }, include: { sites: true }, orderBy: { id: "asc" } }),
    links: await db.onboardingLink.findMany({ where: { agencyId }, orderBy: { id: "asc" } }),
    grants: await db.grant.findMany({ where: { agencyId }, orderBy: { id: "asc" } }),
    invitations: await db.staffInvitation.findMany({ where: { agencyId }, orderBy: { id: "asc" } }),
    memberships: await db.membership.findMany({ where: { agencyId }, orderBy: { id: "asc" } }),
    emails: await db.outboundEmail.findMany({ where: { agencyId }, orderBy: { id: "asc" } }),
    mailbox: await db.mailboxMessage.findMany({ where: { agencyId }, orderBy: { id: "asc" } }),
    events: await db.event.findMany({ where: { agencyId }, orderBy: { id: "asc" } }),
    apiKeys: await db.apiKey.findMany({ where: { agencyId }, orderBy: { id: "asc" } }),
    webhookEndpoints: await db.webhookEndpoint.findMany({ where: { agencyId }, orderBy: { id: "asc" } }),
    webhookDeliveries: await db.webhookDelivery.findMany({ where: { agencyId }, orderBy: { id: "asc" } }),
    intakeLinks: await db.intakeLink.findMany({ where: { agencyId }, orderBy: { id: "asc" } }),
  };
}

type Case = { method: "GET" | "POST"; path: string; form?: Record<string, string>; what: string };

const nextReview = () => format(addDays(new Date(), 60), "yyyy-MM-dd");

/**
 * The case table, by route file: requests as B's owner. `B` = B's slug with A's ids;
 * `A` = A's slug (B is not a member). Built after setup, when the ids exist.
 */
function caseTable(): Record<string, Case[]> {
  const a = `/a/${A.slug}`;
  const b = `/a/${B.slug}`;
  const clientForm = {
    name: "Hijacked",
    contactName: "Mallory",
    contactEmail: "mallory@evil.example",
    hotjarOrganizationId: "",
    "sites[0].hotjarSiteId": "6666666",
    "sites[0].name": "evil.example",
    "sites[0].url": "",
  };
  return {
    "a.$agency.tsx": [{ method: "GET", path: `${a}/links`, what: "layout under A" }],
    "a.$agency._index.tsx": [{ method: "GET", path: a, what: "A dashboard" }],
    "a.$agency.audit._index.tsx": [
      { method: "GET", path: `${a}/audit`, what: "A audit" },
      { method: "GET", path: `${a}/audit?linkId=${A.linkId}`, what: "A audit filtered" },
    ],
    "a.$agency.audit[.csv].ts": [{ method: "GET", path: `${a}/audit.csv`, what: "A audit csv" }],
    "a.$agency.clients.$clientId.tsx": [
      { method: "GET", path: `${b}/clients/${A.clientId}`, what: "B slug, A client" },
      { method: "POST", path: `${b}/clients/${A.clientId}`, form: { intent: "save", ...clientForm }, what: "B slug, save A client" },
      {
        method: "POST",
        path: `${b}/clients/${A.clientId}`,
        form: { intent: "archive", confirmed: "yes" },
        what: "B slug, archive A client",
      },
      { method: "POST", path: `${b}/clients/${A.clientId}`, form: { intent: "restore" }, what: "B slug, restore A client" },
      { method: "GET", path: `${a}/clients/${A.clientId}`, what: "A slug, A client" },
      {
        method: "POST",
        path: `${a}/clients/${A.clientId}`,
        form: { intent: "archive", confirmed: "yes" },
        what: "A slug, archive A client",
      },
    ],
    "a.$agency.clients._index.tsx": [{ method: "GET", path: `${a}/clients`, what: "A clients" }],
    "a.$agency.clients.new.tsx": [
      { method: "GET", path: `${a}/clients/new`, what: "A new client form" },
      { method: "POST", path: `${a}/clients/new`, form: clientForm, what: "A slug, create client" },
    ],
    "a.$agency.grants.$grantId.tsx": [
      { method: "POST", path: `${b}/grants/${A.grantId}`, form: { intent: "verify" }, what: "B slug, verify A grant" },
      { method: "POST", path: `${b}/grants/${A.grantId}`, form: { intent: "revoke", confirmed: "yes" }, what: "B slug, revoke A grant" },
      { method: "POST", path: `${b}/grants/${A.grantId}`, form: { intent: "revoke" }, what: "B slug, ask to revoke A grant" },
      { method: "POST", path: `${a}/grants/${A.grantId}`, form: { intent: "revoke", confirmed: "yes" }, what: "A slug, revoke A grant" },
      { method: "GET", path: `${b}/grants/${A.grantId}`, what: "B slug, A grant page" },
      { method: "GET", path: `${a}/grants/${A.grantId}`, what: "A slug, A grant page" },
    ],
    "a.$agency.grants[.csv].ts": [{ method: "GET", path: `${a}/grants.csv`, what: "A grants csv" }],
    "a.$agency.leave.tsx": [
      { method: "GET", path: `${a}/leave`, what: "A slug, leave page" },
      { method: "POST", path: `${a}/leave`, form: {}, what: "A slug, leave" },
    ],
    "a.$agency.links.$linkId.tsx": [
      { method: "GET", path: `${b}/links/${A.linkId}`, what: "B slug, A link" },
      { method: "POST", path: `${b}/links/${A.linkId}`, form: { intent: "revoke", confirmed: "yes" }, what: "B slug, revoke A link" },
      { method: "POST", path: `${b}/links/${A.linkId}`, form: { intent: "reissue", lifetimeDays: "7" }, what: "B slug, reissue A link" },
      { method: "POST", path: `${b}/links/${A.linkId}`, form: { intent: "send", confirmed: "yes" }, what: "B slug, send A link" },
      {
        method: "POST",
        path: `${b}/links/${A.linkId}`,
        form: { intent: "retryEmail", emailId: A.emailId },
        what: "B slug, A link, retry A email",
      },
      {
        method: "POST",
        path: `${b}/links/${B.linkId}`,
        form: { intent: "retryEmail", emailId: A.emailId },
        what: "B slug, B link, retry A email",
      },
      { method: "GET", path: `${a}/links/${A.linkId}`, what: "A slug, A link" },
      { method: "POST", path: `${a}/links/${A.linkId}`, form: { intent: "revoke", confirmed: "yes" }, what: "A slug, revoke A link" },
    ],
    "a.$agency.links._index.tsx": [
      { method: "GET", path: `${a}/links`, what: "A links" },
      {
        method: "POST",
        path: `${b}/links?index`,
        form: { intent: "resend", linkId: A.linkId, confirmed: "yes" },
        what: "B slug, resend A link",
      },
      {
        method: "POST",
        path: `${a}/links?index`,
        form: { intent: "resend", linkId: A.linkId, confirmed: "yes" },
        what: "A slug, resend A link",
      },
    ],
    "a.$agency.links[.csv].ts": [{ method: "GET", path: `${a}/links.csv`, what: "A links csv" }],
    "a.$agency.links.new.tsx": [
      { method: "GET", path: `${a}/links/new`, what: "A new link form" },
      {
        method: "POST",
        path: `${a}/links/new`,
        form: {
          clientId: A.clientId,
          role: "VIEWER",
          siteMode: "named",
          siteIds: SITE_A,
          granteeEmail: B.agency.granteeEmail,
          recipientEmail: "x@evil.example",
          reason: "Monthly conversion-rate review of the checkout",
          lifetimeValue: "7",
          lifetimeUnit: "days",
          accessEndsOn: "",
        },
        what: "A slug, create link",
      },
    ],
    "a.$agency.mailbox.$messageId.tsx": [
      { method: "GET", path: `${b}/mailbox/${A.messageId}`, what: "B slug, A message" },
      { method: "GET", path: `${a}/mailbox/${A.messageId}`, what: "A slug, A message" },
    ],
    "a.$agency.mailbox.$messageId.html.ts": [
      { method: "GET", path: `${b}/mailbox/${A.messageId}/html`, what: "B slug, A message as sent" },
      { method: "GET", path: `${a}/mailbox/${A.messageId}/html`, what: "A slug, A message as sent" },
    ],
    "a.$agency.mailbox._index.tsx": [{ method: "GET", path: `${a}/mailbox`, what: "A mailbox" }],
    "a.$agency.reviews.tsx": [
      {
        method: "POST",
        path: `${b}/reviews`,
        form: { intent: "keep", grantId: A.grantId, nextReviewOn: nextReview() },
        what: "B slug, keep A grant",
      },
      { method: "POST", path: `${b}/reviews`, form: { intent: "end", grantId: A.grantId, confirmed: "yes" }, what: "B slug, end A grant" },
      {
        method: "POST",
        path: `${b}/reviews`,
        form: { intent: "confirm", grantId: A.grantId, confirmed: "yes" },
        what: "B slug, confirm A grant",
      },
      { method: "GET", path: `${a}/reviews`, what: "A reviews" },
      { method: "POST", path: `${a}/reviews`, form: { intent: "end", grantId: A.grantId, confirmed: "yes" }, what: "A slug, end A grant" },
    ],
    "a.$agency.api-keys.tsx": [
      { method: "POST", path: `${b}/api-keys`, form: { intent: "revoke", id: A.apiKeyId, confirmed: "yes" }, what: "B slug, revoke A key" },
      { method: "GET", path: `${a}/api-keys`, what: "A API keys" },
      {
        method: "POST",
        path: `${a}/api-keys`,
        form: { intent: "create", name: "Foreign", scopes: "clients:read" },
        what: "A slug, create key",
      },
    ],
    "a.$agency.links.bulk._index.tsx": [
      { method: "GET", path: `${a}/links/bulk`, what: "A CSV upload page" },
      {
        method: "POST",
        path: `${a}/links/bulk`,
        form: { intent: "create", csv: `${BULK_COLUMNS.join(",")}\nForeign,F,f@evil.example,4567890,f.example,,Viewer,7,Foreign reason,,` },
        what: "A slug, create links from a CSV",
      },
    ],
    "a.$agency.links.bulk.template[.csv].ts": [{ method: "GET", path: `${a}/links/bulk/template.csv`, what: "A CSV template" }],
    "a.$agency.links.bulk.$batchId.tsx": [
      { method: "GET", path: `${b}/links/bulk/${A.batchId}`, what: "B slug, A upload" },
      { method: "GET", path: `${a}/links/bulk/${A.batchId}`, what: "A upload" },
      {
        method: "POST",
        path: `${b}/links/bulk/${A.batchId}`,
        form: { intent: "email", confirmed: "yes" },
        what: "B slug, email A upload's clients",
      },
    ],
    "a.$agency.links.bulk.$batchId.links[.csv].ts": [
      { method: "GET", path: `${b}/links/bulk/${A.batchId}/links.csv`, what: "B slug, A upload's links CSV" },
      { method: "GET", path: `${a}/links/bulk/${A.batchId}/links.csv`, what: "A upload's links CSV" },
    ],
    "a.$agency.intake-links._index.tsx": [{ method: "GET", path: `${a}/intake-links`, what: "A intake links" }],
    "a.$agency.intake-links.new.tsx": [
      { method: "GET", path: `${a}/intake-links/new`, what: "A new intake link form" },
      {
        method: "POST",
        path: `${a}/intake-links/new`,
        form: { name: "Foreign", role: "VIEWER", lifetimeDays: "7", reason: "Foreign reason", dailyLimit: "5" },
        what: "A slug, create intake link",
      },
    ],
    "a.$agency.intake-links.$intakeId.tsx": [
      { method: "GET", path: `${b}/intake-links/${A.intakeId}`, what: "B slug, A intake link" },
      { method: "GET", path: `${a}/intake-links/${A.intakeId}`, what: "A intake link" },
      {
        method: "POST",
        path: `${b}/intake-links/${A.intakeId}`,
        form: { intent: "disable", confirmed: "yes" },
        what: "B slug, switch off A intake link",
      },
      { method: "POST", path: `${b}/intake-links/${A.intakeId}`, form: { intent: "reopen" }, what: "B slug, copy A intake link" },
      {
        method: "POST",
        path: `${b}/intake-links/${A.intakeId}`,
        form: { intent: "update", name: "Hijacked", role: "USER", lifetimeDays: "30", reason: "Hijacked reason", dailyLimit: "1000" },
        what: "B slug, edit A intake link",
      },
    ],
    "a.$agency.webhooks._index.tsx": [{ method: "GET", path: `${a}/webhooks`, what: "A webhooks" }],
    "a.$agency.webhooks.new.tsx": [
      { method: "GET", path: `${a}/webhooks/new`, what: "A new webhook form" },
      {
        method: "POST",
        path: `${a}/webhooks/new`,
        form: { intent: "create", url: "https://evil.example/hook", eventTypes: "link.opened" },
        what: "A slug, add webhook endpoint",
      },
    ],
    "a.$agency.webhooks.$endpointId.tsx": [
      { method: "GET", path: `${b}/webhooks/${A.endpointId}`, what: "B slug, A endpoint (its secret)" },
      { method: "GET", path: `${a}/webhooks/${A.endpointId}`, what: "A slug, A endpoint" },
      {
        method: "POST",
        path: `${b}/webhooks/${A.endpointId}`,
        form: { intent: "update", url: "https://evil.example/hook", eventTypes: "link.opened" },
        what: "B slug, point A endpoint elsewhere",
      },
      { method: "POST", path: `${b}/webhooks/${A.endpointId}`, form: { intent: "test" }, what: "B slug, test A endpoint" },
      {
        method: "POST",
        path: `${b}/webhooks/${A.endpointId}`,
        form: { intent: "rotate", confirmed: "yes" },
        what: "B slug, rotate A secret",
      },
      { method: "POST", path: `${b}/webhooks/${A.endpointId}`, form: { intent: "disable" }, what: "B slug, switch off A endpoint" },
      { method: "POST", path: `${b}/webhooks/${A.endpointId}`, form: { intent: "enable" }, what: "B slug, switch on A endpoint" },
      {
        method: "POST",
        path: `${b}/webhooks/${A.endpointId}`,
        form: { intent: "delete", confirmed: "yes" },
        what: "B slug, delete A endpoint",
      },
      {
        method: "POST",
        path: `${b}/webhooks/${B.endpointId}`,
        form: { intent: "replay", deliveryId: A.deliveryId },
        what: "B slug, B endpoint, replay A delivery",
      },
      {
        method: "POST",
        path: `${a}/webhooks/${A.endpointId}`,
        form: { intent: "replay", deliveryId: A.deliveryId },
        what: "A slug, replay A delivery",
      },
    ],
    "a.$agency.settings.tsx": [
      { method: "GET", path: `${a}/settings`, what: "A settings" },
      { method: "POST", path: `${a}/settings`, form: { intent: "removeLogo" }, what: "A slug, remove logo" },
    ],
    "a.$agency.team.tsx": [
      { method: "POST", path: `${b}/team`, form: { intent: "resend", id: A.invitationId }, what: "B slug, resend A invitation" },
      {
        method: "POST",
        path: `${b}/team`,
        form: { intent: "cancel", id: A.invitationId, confirmed: "yes" },
        what: "B slug, cancel A invitation",
      },
      {
        method: "POST",
        path: `${b}/team`,
        form: { intent: "role", id: A.memberUserId, userId: A.memberUserId, role: "ADMIN" },
        what: "B slug, A member role",
      },
      {
        method: "POST",
        path: `${b}/team`,
        form: { intent: "role", id: A.agency.userId, userId: A.agency.userId, role: "MEMBER" },
        what: "B slug, A owner role",
      },
      {
        method: "POST",
        path: `${b}/team`,
        form: { intent: "role", userId: A.memberUserId, role: "OWNER", confirmed: "yes" },
        what: "B slug, A member made Owner",
      },
      {
        method: "POST",
        path: `${b}/team`,
        form: { intent: "remove", id: A.memberUserId, confirmed: "yes" },
        what: "B slug, remove A member",
      },
      {
        method: "POST",
        path: `${b}/team`,
        form: { intent: "transfer", id: A.memberUserId, confirmed: "yes" },
        what: "B slug, transfer to A member",
      },
      { method: "GET", path: `${a}/team`, what: "A team" },
      {
        method: "POST",
        path: `${a}/team`,
        form: { intent: "invite", email: "mallory@evil.example", role: "ADMIN" },
        what: "A slug, invite",
      },
      {
        method: "POST",
        path: `${a}/team`,
        form: { intent: "cancel", id: A.invitationId, confirmed: "yes" },
        what: "A slug, cancel A invitation",
      },
    ],
  };
}

async function send(c: Case) {
  const init: RequestInit = { method: c.method, redirect: "manual", headers: { Cookie: B.cookie } };
  if (c.method === "POST") {
    init.headers = { Cookie: B.cookie, Origin: server.origin, "Content-Type": "application/x-www-form-urlencoded" };
    init.body = new URLSearchParams(c.form ?? {});
  }
  const response = await fetch(server.url + c.path, init);
  return { status: response.status, body: await response.text() };
}

beforeAll(async () => {
  A = await fixture("Agency Alpha");
  B = await fixture("Agency Bravo");
  // Deliver the queued mail to the local mailbox: each agency gets messages.
  await runWorkerCycle(createMailboxTransport(), new Date(), false);
  A.messageId = (await db.mailboxMessage.findFirstOrThrow({ where: { agencyId: A.agency.agencyId } })).id;
  B.messageId = (await db.mailboxMessage.findFirstOrThrow({ where: { agencyId: B.agency.agencyId } })).id;
  // The real route table (as `remix build` derives it), so staff routes nest as in production.
  server = await startAppServer((await fullBuild()).build);
  logs = captureLogs();
});

afterAll(async () => {
  logs?.restore();
  await server?.close();
  console.log(`tenant isolation: ${figures.requests} requests made, ${figures.refused} refused, rows changed = ${figures.rowsChanged}`);
});

describe("tenant isolation", () => {
  it("the case table covers every staff route file", () => {
    expect(staffFiles.length).toBeGreaterThan(10);
    const table = caseTable();
    const uncovered = staffFiles.filter((f) => !table[f]?.length);
    expect(uncovered, "staff route files without a tenant-isolation case").toEqual([]);
    expect(
      Object.keys(table).filter((f) => !staffFiles.includes(f)),
      "cases for route files that no longer exist",
    ).toEqual([]);
    // Each exported handler is exercised: a loader by a GET, an action by a POST.
    for (const file of staffFiles) {
      const source = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
      const methods = new Set(table[file]!.map((c) => c.method));
      if (/export\s+(const|async function|function)\s+action\b/.test(source)) expect(methods.has("POST"), `${file} action`).toBe(true);
      if (file !== LAYOUT && /export\s+(const|async function|function)\s+loader\b/.test(source))
        expect(methods.has("GET"), `${file} loader`).toBe(true);
    }
  });

  it("controls: B's owner reaches B's own rows (the session and routes work)", async () => {
    for (const p of [
      `/a/${B.slug}`,
      `/a/${B.slug}/links/${B.linkId}`,
      `/a/${B.slug}/clients/${B.clientId}`,
      `/a/${B.slug}/mailbox/${B.messageId}`,
      `/a/${B.slug}/team`,
    ]) {
      const { status } = await send({ method: "GET", path: p, what: "control" });
      expect(status, p).toBe(200);
    }
  });

  it("controls: each GET of the table, with B's slug and B's ids, reaches its route (200)", async () => {
    const swap = (p: string) =>
      (
        [
          "slug",
          "clientId",
          "linkId",
          "grantId",
          "invitationId",
          "memberUserId",
          "emailId",
          "messageId",
          "endpointId",
          "intakeId",
          "batchId",
        ] as const
      ).reduce((acc, k) => acc.split(A[k]).join(B[k]), p);
    const failures: string[] = [];
    for (const [file, cases] of Object.entries(caseTable())) {
      for (const c of cases.filter((x) => x.method === "GET")) {
        const { status } = await send({ ...c, path: swap(c.path) });
        if (status !== 200) failures.push(`${file} GET ${swap(c.path)}: ${status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("every request for A's data is refused and nothing of A changes", async () => {
    const before = await snapshotA();
    const table = caseTable();
    const failures: string[] = [];
    for (const [file, cases] of Object.entries(table)) {
      for (const c of cases) {
        figures.requests++;
        const { status, body } = await send(c);
        const underA = c.path.startsWith(`/a/${A.slug}`);
        const ok = underA ? status === 404 : status === 404 || status === 403;
        if (ok) figures.refused++;
        else failures.push(`${file} ${c.method} ${c.path} ${JSON.stringify(c.form ?? {})} (${c.what}): ${status}`);
        // Never a page showing A's rows.
        if (body.includes("Client of Agency Alpha") || body.includes(A.invitationId))
          failures.push(`${file} ${c.what}: body shows A's data`);
      }
    }
    const after = await snapshotA();
    for (const key of Object.keys(before) as (keyof typeof before)[]) {
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
        const count = (v: unknown) => (Array.isArray(v) ? v.length : 1);
        figures.rowsChanged += Math.max(1, Math.abs(count(after[key]) - count(before[key])));
        failures.push(`A's ${key} changed`);
      }
    }
    expect(failures).toEqual([]);
    expect(figures.refused).toBe(figures.requests);
    expect(after).toEqual(before);
  });

  it("controls: the same POSTs on B's own rows are accepted (the refusals above are the isolation's)", async () => {
    const b = `/a/${B.slug}`;
    const controls: Case[] = [
      { method: "POST", path: `${b}/grants/${B.grantId}`, form: { intent: "verify" }, what: "verify B grant" },
      { method: "POST", path: `${b}/team`, form: { intent: "resend", id: B.invitationId }, what: "resend B invitation" },
      { method: "POST", path: `${b}/links/${B.linkId}`, form: { intent: "revoke", confirmed: "yes" }, what: "revoke B link" },
    ];
    for (const c of controls) {
      const { status } = await send(c);
      expect([200, 302, 303], `${c.what}: ${status}`).toContain(status);
    }
  });
});
