// The Mailbox shows an email as its recipient sees it (issue 15, item 9; docs/decisions/041):
// the message page frames the stored HTML, served by a route of its own, in a sandbox where no
// script runs, under a policy that lets nothing but inline styles and our own images in. Who may
// read it is the message page's rule (decision 034): anyone else gets the "not found" of an
// unknown id. Over HTTP, against the real server process (`npm start`'s compiled server).
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const { db } = await import("~/modules/db/db.server");
const { startSession } = await import("~/modules/auth/auth.server");
const { agencyContextFor } = await import("~/modules/agencies/agencies.server");
const { saveLogo } = await import("~/modules/agencies/branding.server");
const { sendLinkByEmail } = await import("~/modules/email/staff.server");
const { createMailboxTransport, createResendTransport } = await import("~/modules/email/transports.server");
const { runWorkerCycle } = await import("~/modules/email/worker.server");
const { inviteStaff, acceptInvitation } = await import("~/modules/team/invitations.server");
const { invitationToken } = await import("~/modules/team/invitation-token.server");
const { makeAgency, makeClient, makeLink } = await import("../integration/helpers");
const { startFakeResend } = await import("../support/fake-resend");
const { DESKTOP, freePort, startServer, stopServers } = await import("./support/server-process");

// A 1x1 PNG: the agency's logo.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

let origin: string;
let slug: string;
let agencyId: string;
let owner: string;
let member: string;
let otherOwner: string;
let otherSlug: string;
let sendLinkAgain: () => Promise<unknown>;
const messages = { linkEmail: "", adminInvitation: "" };

async function get(path: string, cookie?: string) {
  const response = await fetch(`${origin}${path}`, {
    headers: { "User-Agent": DESKTOP, ...(cookie ? { Cookie: cookie } : {}) },
    redirect: "manual",
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

const cookieOf = async (userId: string) => (await startSession(userId)).split(";")[0]!;

async function messageOf(template: string, to: string): Promise<string> {
  const outbound = await db.outboundEmail.findFirstOrThrow({ where: { agencyId, template, to }, include: { mailbox: true } });
  if (!outbound.mailbox) throw new Error(`setup: ${template} to ${to} not in the mailbox: ${outbound.status} ${outbound.lastError}`);
  return outbound.mailbox.id;
}

/** The tag of the first `<iframe>` of a page, or null. */
const iframeTag = (html: string) => /<iframe\b[^>]*>/i.exec(html)?.[0] ?? null;
const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`, "i").exec(tag)?.[1] ?? null;
const decode = (value: string) => value.replace(/&amp;/g, "&");
/** What a reader sees of an HTML fragment (Outlook-only conditional comments left out). */
const textOf = (html: string) =>
  html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/\s+/g, " ")
    .trim();

beforeAll(async () => {
  const agency = await makeAgency("Northwind Analytics");
  agencyId = agency.agencyId;
  slug = (await db.agency.findUniqueOrThrow({ where: { id: agencyId } })).slug;
  owner = await cookieOf(agency.userId);
  const saved = await saveLogo(agencyId, agency.actor, PNG);
  if (!saved.ok) throw new Error(saved.message);

  const user = await db.user.findUniqueOrThrow({ where: { id: agency.userId } });
  const context = await agencyContextFor({ id: user.id, email: user.email, name: user.name }, slug, "dashboard:read");
  const joined = await inviteStaff(context, { email: "max.member@agency.example", role: "MEMBER" });
  if (!joined.ok) throw new Error(joined.message);
  const accepted = await acceptInvitation(
    invitationToken(await db.staffInvitation.findUniqueOrThrow({ where: { id: joined.invitationId } })),
    {
      signup: { name: "Max Member", password: "long enough password" },
    },
  );
  if (!accepted.ok) throw new Error(accepted.message);
  member = await cookieOf(accepted.userId);
  // A Member may not send an Admin invitation, so may not read one (decision 034).
  const adminInvite = await inviteStaff(context, { email: "new.admin@agency.example", role: "ADMIN" });
  if (!adminInvite.ok) throw new Error(adminInvite.message);

  const link = await makeLink(agency, (await makeClient(agency)).id);
  sendLinkAgain = () => sendLinkByEmail(agencyId, link.id, agency.actor);
  await sendLinkAgain();
  await runWorkerCycle(createMailboxTransport(), new Date(), false);
  messages.linkEmail = await messageOf("link-invitation", "casey@acme-shoes.example");
  messages.adminInvitation = await messageOf("staff-invitation", "new.admin@agency.example");

  const other = await makeAgency("Other Agency");
  otherOwner = await cookieOf(other.userId);
  otherSlug = (await db.agency.findUniqueOrThrow({ where: { id: other.agencyId } })).slug;
  ({ origin } = await startServer(await freePort()));
}, 120_000);

afterAll(stopServers);

describe("the Mailbox's HTML view", () => {
  it("answers the email's HTML under its own policy: no script, inline styles, our own images, framed by our pages only", async () => {
    const html = await get(`/a/${slug}/mailbox/${messages.linkEmail}/html`, member);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
    // One policy, the view's own: the pages' (frame-ancestors 'none', scripts by nonce) is not sent.
    expect(html.headers.get("content-security-policy")).toBe(
      `default-src 'none'; img-src ${origin} data:; style-src 'unsafe-inline'; form-action 'none'; frame-ancestors 'self'; ` +
        "sandbox allow-popups allow-popups-to-escape-sandbox",
    );
    expect(html.headers.get("x-content-type-options")?.split(/,\s*/)).toContain("nosniff");
    expect(html.headers.get("cache-control")).toBe("no-store");
    expect(html.body).not.toMatch(/<script/i);
    // Links open in a new tab, as in a mail program: inside the frame a link page would refuse to show.
    expect(html.body).toContain('<base target="_blank">');

    // The pages keep theirs.
    const page = await get(`/a/${slug}/mailbox/${messages.linkEmail}`, member);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("the message page shows it in a sandboxed frame where no script runs", async () => {
    const page = await get(`/a/${slug}/mailbox/${messages.linkEmail}`, member);
    expect(page.status).toBe(200);
    const frame = iframeTag(page.body);
    expect(frame, "the message page has a frame").not.toBeNull();
    expect(attribute(frame!, "src")).toBe(`/a/${slug}/mailbox/${messages.linkEmail}/html`);
    const sandbox = attribute(frame!, "sandbox");
    expect(sandbox, "the frame is sandboxed").not.toBeNull();
    expect(sandbox!.split(/\s+/)).not.toContain("allow-scripts");
    expect(sandbox!.split(/\s+/)).not.toContain("allow-same-origin");
    // The text part is one link away, and has no frame.
    const text = await get(`/a/${slug}/mailbox/${messages.linkEmail}?view=text`, member);
    expect(text.status).toBe(200);
    expect(iframeTag(text.body)).toBeNull();
    expect(text.body).toContain("If the button does not work");
  });

  it("holds the button the text part's 'If the button does not work' refers to, and the agency's logo", async () => {
    const html = (await get(`/a/${slug}/mailbox/${messages.linkEmail}/html`, member)).body;
    const button = [...html.matchAll(/<a\b[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].find(
      ([, , inner]) => textOf(inner!) === "Review the request",
    );
    expect(button, "a 'Review the request' button").toBeDefined();
    const buttonUrl = decode(button![1]!);
    expect(buttonUrl).toMatch(/\/l\/[A-Za-z0-9._~-]+$/);
    expect(html).toContain("If the button does not work, copy this address into your browser:");
    // The text part names the same address under the same words.
    const text = await db.mailboxMessage.findUniqueOrThrow({ where: { id: messages.linkEmail } });
    expect(text.text).toContain("If the button does not work");
    expect(text.text).toContain(buttonUrl);
    // The logo, served by the portal over plain http: a mail program would not load it, the Mailbox does.
    expect(html).toMatch(new RegExp(`<img[^>]+src="http://localhost:3000/brand/${agencyId}/logo\\?v=[0-9a-f]{12}"`));
  });

  it("another agency, a reader without the right and a signed-out visitor get nothing of the email", async () => {
    const unknown = await get(`/a/${slug}/mailbox/cnosuchmessage000000000/html`, member);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toBe("Message not found.");
    // Another agency's owner, under their own agency's address or under this one (not a member: no such agency).
    const foreign = await get(`/a/${otherSlug}/mailbox/${messages.linkEmail}/html`, otherOwner);
    const foreignSlug = await get(`/a/${slug}/mailbox/${messages.linkEmail}/html`, otherOwner);
    expect(foreignSlug.status).toBe(404);
    expect(foreignSlug.body).toBe("Agency not found.");
    // A Member, who may not send an Admin invitation, may not read one.
    const withoutTheRight = await get(`/a/${slug}/mailbox/${messages.adminInvitation}/html`, member);
    for (const refused of [foreign, withoutTheRight]) {
      expect(refused.status).toBe(404);
      expect(refused.body).toBe(unknown.body);
    }
    for (const refused of [foreign, foreignSlug, withoutTheRight]) {
      expect(refused.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(refused.body).not.toMatch(/\/(l|invite)\//);
    }
    // The reader without the right gets the same answer from the page and its text view.
    for (const path of [`/a/${slug}/mailbox/${messages.adminInvitation}`, `/a/${slug}/mailbox/${messages.adminInvitation}?view=text`]) {
      const page = await get(path, member);
      expect(page.status).toBe(404);
      expect(page.body).not.toMatch(/\/invite\//);
    }
    const signedOut = await get(`/a/${slug}/mailbox/${messages.linkEmail}/html`);
    expect(signedOut.status).toBe(302);
    expect(signedOut.body).not.toMatch(/\/l\//);
    // Those who may read the invitation still do.
    const ownerReads = await get(`/a/${slug}/mailbox/${messages.adminInvitation}/html`, owner);
    expect(ownerReads.status).toBe(200);
    expect(ownerReads.body).toMatch(/\/invite\//);
  });

  it("a real email provider still gets no logo from a plain-http portal: mail programs would not load it", async () => {
    const fake = await startFakeResend();
    try {
      await sendLinkAgain();
      await runWorkerCycle(createResendTransport("re_test_key_123456", fake.url), new Date(), false);
      const sent = fake.deliveries().map((d) => String(d.body?.html ?? ""));
      expect(sent).toHaveLength(1);
      expect(sent[0]).toContain("Review the request");
      expect(sent[0]).not.toContain(`/brand/${agencyId}/logo`);
    } finally {
      await fake.close();
    }
  });
});
