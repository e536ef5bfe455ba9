// Builders for the integration tests: they go through the real services (and their zod
// schemas, as the routes do), so every row is one a user could have created.
import { randomBytes } from "node:crypto";

import { signUp } from "~/modules/auth/auth.server";
import { SignupSchema } from "~/modules/auth/schemas";
import { createClient } from "~/modules/clients/clients.server";
import { ClientSchema } from "~/modules/clients/schemas";
import { db } from "~/modules/db/db.server";
import { takeFlash } from "~/modules/http/flash.server";
import { createLink } from "~/modules/links/links.server";
import { CreateLinkSchema } from "~/modules/links/schemas";

export const META = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0" };
export const BOT_META = {
  ip: "66.249.66.1",
  userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
};

export const SITE_A = "1234567";
export const SITE_B = "2345678";
export const SITE_OTHER = "9876543";

export type StaffActor = { type: "staff"; id: string; label: string };
export type TestAgency = { agencyId: string; userId: string; email: string; actor: StaffActor; granteeEmail: string };

/**
 * As if the owner had opened sign-up's verification link: the address is verified and that
 * email is no longer in the outbox (tests that count emails count only their own).
 */
export async function markEmailVerified(userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { emailVerifiedAt: new Date() } });
  const tokens = await db.accountToken.findMany({ where: { userId, purpose: "VERIFY_EMAIL" }, select: { id: true } });
  await db.accountToken.updateMany({ where: { userId, purpose: "VERIFY_EMAIL", usedAt: null }, data: { usedAt: new Date() } });
  for (const { id } of tokens) {
    await db.outboundEmail.deleteMany({ where: { template: "verify-email", payload: JSON.stringify({ accountTokenId: id }) } });
  }
}

/** A new agency and its Owner, verified unless `verified: false` (the email-verification gate's own tests). */
export async function makeAgency(name = "Northwind Analytics", options: { verified?: boolean } = {}): Promise<TestAgency> {
  const email = `owner-${randomBytes(4).toString("hex")}@agency.example`;
  const input = SignupSchema.parse({
    name: "Olivia Owner",
    email,
    password: "correct horse battery",
    agencyName: name,
    granteeEmail: `analytics-${randomBytes(3).toString("hex")}@agency.example`,
  });
  const result = await signUp(input);
  if (!result.ok) throw new Error(result.message);
  if (options.verified ?? true) await markEmailVerified(result.userId);
  const agency = await db.agency.findUniqueOrThrow({ where: { slug: result.agencySlug } });
  return {
    agencyId: agency.id,
    userId: result.userId,
    email,
    actor: { type: "staff", id: result.userId, label: email },
    granteeEmail: agency.granteeEmail,
  };
}

export async function makeClient(agency: TestAgency, name = "Acme Shoes") {
  const input = ClientSchema.parse({
    name,
    contactName: "Casey Client",
    contactEmail: "casey@acme-shoes.example",
    hotjarOrganizationId: "4455667",
    sites: [
      { hotjarSiteId: SITE_A, name: "acme-shoes.example", url: "https://acme-shoes.example" },
      { hotjarSiteId: SITE_B, name: "blog.acme-shoes.example", url: "" },
    ],
  });
  return createClient(agency.agencyId, agency.actor, input);
}

export type LinkOptions = {
  siteIds?: string[];
  siteMode?: "named" | "clientPicks";
  lifetimeValue?: number;
  lifetimeUnit?: "hours" | "days";
  now?: Date;
};

/** The staff form's values, parsed by the route's own schema. */
export function linkInput(clientId: string, agency: TestAgency, opts: LinkOptions = {}) {
  return CreateLinkSchema.parse({
    clientId,
    role: "VIEWER",
    siteMode: opts.siteMode ?? "named",
    siteIds: opts.siteIds ?? [SITE_A],
    granteeEmail: agency.granteeEmail,
    recipientEmail: "casey@acme-shoes.example",
    reason: "Monthly conversion-rate review of the checkout",
    lifetimeValue: opts.lifetimeValue ?? 7,
    lifetimeUnit: opts.lifetimeUnit ?? "days",
    accessEndsOn: "",
  });
}

export async function makeLink(agency: TestAgency, clientId: string, opts: LinkOptions = {}) {
  const result = await createLink(agency.agencyId, agency.actor, linkInput(clientId, agency, opts), opts.now);
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  return { id: result.linkId, url: result.url, token: tokenOf(result.url) };
}

export function tokenOf(url: string): string {
  const token = url.split("/l/")[1];
  if (!token) throw new Error(`not a link URL: ${url}`);
  return token;
}

/** The same token with one character of its MAC changed. */
export function mangle(token: string): string {
  const i = token.length - 10;
  const c = token[i] === "A" ? "B" : "A";
  return token.slice(0, i) + c + token.slice(i + 1);
}

export function eventsOf(linkId: string, type?: string) {
  return db.event.findMany({ where: { linkId, ...(type ? { type } : {}) }, orderBy: { createdAt: "asc" } });
}

/** Whole seconds, as tokens and stored expiries are. */
export function nowSeconds(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}

/** The one-time message (flash) a redirect carries to the page it lands on, as that page reads it. */
export async function flashOf(response: Response) {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("portal_flash="));
  if (!cookie) return null;
  return (await takeFlash(new Request("http://localhost:3000/", { headers: { Cookie: cookie.split(";")[0]! } }))).flash;
}
