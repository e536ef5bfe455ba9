// The bench's data, written through the app's own services (sign-up, clients, links, sessions)
// and, for the bulk rows, Prisma's createMany in chunked transactions. Import this module only
// after DATABASE_URL and LINK_SIGNING_KEYS are set: it loads the app's database client.
import { randomBytes } from "node:crypto";

import type { Prisma } from "@prisma/client";
import { addDays, addHours, subMinutes } from "date-fns";

import { signUp, startSession } from "../../app/modules/auth/auth.server";
import { SignupSchema } from "../../app/modules/auth/schemas";
import { createClient } from "../../app/modules/clients/clients.server";
import { databaseProvider, resolveDatabaseUrl } from "../../app/modules/db/database-url";
import { db } from "../../app/modules/db/db.server";
import { getEnv } from "../../app/modules/env/env.server";
import { createLink } from "../../app/modules/links/links.server";
import { CreateLinkSchema } from "../../app/modules/links/schemas";
import { floorToSecond, signLinkToken } from "../../app/modules/links/token.server";

export type SeedPlan = { smallLinks: number; largeLinks: number; grantLinks: number };

export type Seeded = {
  /** "portal_session=<id>" of each list agency's owner, and the agency's URL slug. */
  small: { slug: string; cookie: string; links: number };
  large: { slug: string; cookie: string; links: number };
  /** A pending link's token, for the link page. */
  linkToken: string;
  /** Pending links' tokens, each completed once by a grant POST. */
  grantTokens: string[];
  /** The sites a grant confirms. */
  grantSiteIds: string[];
  /** Audit events of the small agency, for the audit log page. */
  events: number;
  ms: number;
};

const SITES = [
  { hotjarSiteId: "1234567", name: "shop.example", url: "https://shop.example" },
  { hotjarSiteId: "2345678", name: "blog.shop.example", url: "https://blog.shop.example" },
];
const CHUNK = 5_000;
const STATUSES = ["PENDING", "OPENED", "COMPLETED", "COMPLETED", "DECLINED", "REVOKED", "PENDING", "COMPLETED"] as const;

/** A lowercase id like Prisma's cuid (the token format wants [a-z0-9]{8,40}). */
const newId = () => `b${randomBytes(12).toString("hex")}`;

async function agency(name: string) {
  const email = `owner-${randomBytes(4).toString("hex")}@bench.example`;
  const result = await signUp(
    SignupSchema.parse({
      name: "Bench Owner",
      email,
      password: "bench-password-1234",
      agencyName: name,
      granteeEmail: "analytics@bench.example",
    }),
  );
  if (!result.ok) throw new Error(result.message);
  const row = await db.agency.findUniqueOrThrow({ where: { slug: result.agencySlug } });
  const actor = { type: "staff" as const, id: result.userId, label: email };
  const cookie = (await startSession(result.userId)).split(";")[0]!;
  return { id: row.id, slug: row.slug, userId: result.userId, actor, cookie, granteeEmail: row.granteeEmail };
}

async function clients(owner: Awaited<ReturnType<typeof agency>>, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const client = await createClient(owner.id, owner.actor, {
      name: `Client ${String(i + 1).padStart(3, "0")}`,
      contactName: "Casey Client",
      contactEmail: `casey${i}@client.example`,
      hotjarOrganizationId: "4455667",
      locale: null,
      sites: SITES.map((s) => ({ ...s })),
    });
    ids.push(client.id);
  }
  return ids;
}

/** `count` links of the agency in every state, newest first a minute apart, with the grants of the completed ones. */
async function bulkLinks(owner: Awaited<ReturnType<typeof agency>>, clientIds: string[], count: number, now: Date, pending = false) {
  const ids: { id: string; expiresAt: Date }[] = [];
  for (let start = 0; start < count; start += CHUNK) {
    const links: Prisma.OnboardingLinkCreateManyInput[] = [];
    const grants: Prisma.GrantCreateManyInput[] = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) {
      const createdAt = subMinutes(now, i);
      const status = pending ? "PENDING" : STATUSES[i % STATUSES.length]!;
      const id = newId();
      const clientId = clientIds[i % clientIds.length]!;
      const expiresAt = floorToSecond(pending ? addDays(now, 7) : addDays(createdAt, 7));
      links.push({
        id,
        agencyId: owner.id,
        clientId,
        createdById: owner.userId,
        recipientEmail: "casey@client.example",
        role: i % 3 ? "VIEWER" : "USER",
        requestedSites: JSON.stringify(SITES),
        granteeEmail: owner.granteeEmail,
        reason: "Monthly conversion-rate review",
        expiresAt,
        status,
        createdAt,
        firstOpenedAt: status === "COMPLETED" || status === "OPENED" ? createdAt : null,
        lastOpenedAt: status === "COMPLETED" || status === "OPENED" ? createdAt : null,
        openCount: status === "COMPLETED" || status === "OPENED" ? 1 : 0,
        completedAt: status === "COMPLETED" ? addHours(createdAt, 1) : null,
        declinedAt: status === "DECLINED" ? addHours(createdAt, 1) : null,
        revokedAt: status === "REVOKED" ? addHours(createdAt, 1) : null,
      });
      if (status === "COMPLETED") {
        grants.push({
          agencyId: owner.id,
          linkId: id,
          clientId,
          hotjarSiteId: SITES[0]!.hotjarSiteId,
          siteName: SITES[0]!.name,
          siteUrl: SITES[0]!.url,
          role: "VIEWER",
          granteeEmail: owner.granteeEmail,
          grantedByName: "Casey Client",
          grantedByEmail: "casey@client.example",
          status: "ACTIVE",
          invitedAt: addHours(createdAt, 1),
          reviewAt: addDays(createdAt, 90),
        });
      }
      ids.push({ id, expiresAt });
    }
    await db.$transaction([...insertMany("OnboardingLink", links, now), ...insertMany("Grant", grants, now)]);
  }
  return ids;
}

/** One "link created" event per link, as staff creating them would have left, a minute apart. */
function auditEvents(owner: Awaited<ReturnType<typeof agency>>, links: { id: string }[], now: Date): Prisma.EventCreateManyInput[] {
  return links.map((link, i) => ({
    agencyId: owner.id,
    actorType: "staff",
    actorId: owner.userId,
    actorLabel: owner.actor.label,
    type: "link.created",
    linkId: link.id,
    details: JSON.stringify({ role: "VIEWER" }),
    createdAt: subMinutes(now, i),
  }));
}

/**
 * Multi-row INSERTs of `rows` (objects with the same keys, the model's column names; the
 * columns left out take their database defaults), a few thousand values a statement. Prisma's
 * createMany compiles its whole input on every call, which made 100,000 links take over a
 * minute; raw statements skip that, and Prisma binds the values (dates, booleans) as it does
 * for its own queries.
 */
function insertMany(table: string, rows: Record<string, unknown>[], now: Date | null) {
  if (rows.length === 0) return [];
  const postgres = databaseProvider(resolveDatabaseUrl(process.env)) === "postgresql";
  // `now` fills the updatedAt column of the tables that have one (not Event, which is never updated).
  const columns = [...new Set(["id", ...Object.keys(rows[0]!), ...(now ? ["updatedAt"] : [])])];
  const perStatement = Math.floor(30_000 / columns.length);
  const statements = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const values: unknown[] = [];
    const tuples = rows.slice(start, start + perStatement).map((row) => {
      const full: Record<string, unknown> = { id: newId(), ...row, ...(now ? { updatedAt: now } : {}) };
      return `(${columns.map((c) => (values.push(full[c]), postgres ? `$${values.length}` : "?")).join(", ")})`;
    });
    const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(", ")}`;
    statements.push(db.$executeRawUnsafe(sql, ...values));
  }
  return statements;
}

export async function seed(plan: SeedPlan): Promise<Seeded> {
  const started = Date.now();
  const now = new Date();
  const keys = getEnv().LINK_SIGNING_KEYS;

  const small = await agency("Bench Small Agency");
  const smallLinks = await bulkLinks(small, await clients(small, 10), plan.smallLinks, now);
  await db.$transaction(insertMany("Event", auditEvents(small, smallLinks, now), null));
  const large = await agency("Bench Large Agency");
  await bulkLinks(large, await clients(large, 50), plan.largeLinks, now);

  // The client-facing links live in a third agency, so the two lists hold exactly their counts.
  const clientSide = await agency("Bench Client Links");
  const [clientId] = await clients(clientSide, 1);
  const input = CreateLinkSchema.parse({
    clientId,
    role: "VIEWER",
    siteMode: "named",
    siteIds: SITES.map((s) => s.hotjarSiteId),
    granteeEmail: clientSide.granteeEmail,
    recipientEmail: "casey@client.example",
    reason: "Monthly conversion-rate review of the checkout",
    lifetimeValue: 7,
    lifetimeUnit: "days",
    accessEndsOn: "",
  });
  const page = await createLink(clientSide.id, clientSide.actor, input, now);
  if (!page.ok) throw new Error(JSON.stringify(page.fieldErrors));
  const grantLinks = await bulkLinks(clientSide, [clientId!], plan.grantLinks, now, true);

  // PostgreSQL's autovacuum would soon gather statistics on the new rows: do it now, as a running
  // server would have them. SQLite keeps none unless asked, so it is left as the app leaves it.
  if (databaseProvider(resolveDatabaseUrl(process.env)) === "postgresql") await db.$executeRawUnsafe("ANALYZE");
  await db.$disconnect();
  return {
    small: { slug: small.slug, cookie: small.cookie, links: plan.smallLinks },
    large: { slug: large.slug, cookie: large.cookie, links: plan.largeLinks },
    linkToken: page.url.split("/l/")[1]!,
    grantTokens: grantLinks.map((l) => signLinkToken(keys, { linkId: l.id, version: 1, expiresAt: l.expiresAt })),
    grantSiteIds: SITES.map((s) => s.hotjarSiteId),
    events: smallLinks.length,
    ms: Date.now() - started,
  };
}
