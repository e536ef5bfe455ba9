// Finding 1 of the outside test (issue 13): with no email provider, every role read every
// message in the Mailbox, staff invitations included, so a Member could open an Admin
// invitation meant for someone else, sign up through its link and be an Admin. Over real HTTP:
// no one reads a message carrying a credential they could not have created themselves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.RATE_LIMIT_SCALE = "1000";

const { db } = await import("~/modules/db/db.server");
const { startSession } = await import("~/modules/auth/auth.server");
const { agencyContextFor } = await import("~/modules/agencies/agencies.server");
const { sendLinkByEmail } = await import("~/modules/email/staff.server");
const { createMailboxTransport } = await import("~/modules/email/transports.server");
const { runWorkerCycle } = await import("~/modules/email/worker.server");
const { completeLink } = await import("~/modules/links/link-page.server");
const { inviteStaff, acceptInvitation } = await import("~/modules/team/invitations.server");
const { invitationToken } = await import("~/modules/team/invitation-token.server");
const { fullBuild } = await import("./support/full-build");
const { startAppServer } = await import("../support/app-server");
const { META, SITE_A, makeAgency, makeClient, makeLink } = await import("../integration/helpers");

type Staff = { userId: string; email: string; cookie: string };

let server: Awaited<ReturnType<typeof startAppServer>>;
let slug: string;
let owner: Staff;
let admin: Staff;
let member: Staff;
/** Mailbox message ids by what they are. */
const messages: Record<"adminInvitation" | "memberInvitation" | "linkEmail" | "ownerNotification", string> = {
  adminInvitation: "",
  memberInvitation: "",
  linkEmail: "",
  ownerNotification: "",
};

async function contextOf(userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  return agencyContextFor({ id: user.id, email: user.email, name: user.name }, slug, "dashboard:read");
}

async function join(inviterId: string, email: string, role: "ADMIN" | "MEMBER"): Promise<Staff> {
  const invited = await inviteStaff(await contextOf(inviterId), { email, role });
  if (!invited.ok) throw new Error(invited.message);
  const invitation = await db.staffInvitation.findUniqueOrThrow({ where: { id: invited.invitationId } });
  const accepted = await acceptInvitation(invitationToken(invitation), {
    signup: { name: `${role} person`, password: "long enough password" },
  });
  if (!accepted.ok) throw new Error(accepted.message);
  return { userId: accepted.userId, email, cookie: (await startSession(accepted.userId)).split(";")[0]! };
}

async function messageOf(template: string, to: string): Promise<string> {
  const outbound = await db.outboundEmail.findFirstOrThrow({ where: { template, to }, include: { mailbox: true } });
  if (!outbound.mailbox)
    throw new Error(`setup: ${template} to ${to} was not delivered to the mailbox: ${outbound.status} ${outbound.lastError}`);
  return outbound.mailbox.id;
}

async function get(path: string, who: Staff) {
  const response = await fetch(`${server.url}${path}`, { headers: { Cookie: who.cookie }, redirect: "manual" });
  return { status: response.status, body: await response.text() };
}

beforeAll(async () => {
  const agency = await makeAgency("Northwind Analytics");
  slug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;
  owner = { userId: agency.userId, email: agency.email, cookie: (await startSession(agency.userId)).split(";")[0]! };
  admin = await join(owner.userId, "ada.admin@agency.example", "ADMIN");
  member = await join(owner.userId, "max.member@agency.example", "MEMBER");

  // Pending invitations: an Admin one sent by the Owner, a Member one sent by the Admin.
  const adminInvite = await inviteStaff(await contextOf(owner.userId), { email: "new.person@agency.example", role: "ADMIN" });
  const memberInvite = await inviteStaff(await contextOf(admin.userId), { email: "new.helper@agency.example", role: "MEMBER" });
  if (!adminInvite.ok || !memberInvite.ok) throw new Error("setup: invitations refused");
  // Client-facing email (the link to the client) and a notification to the Owner (its creator).
  const clientId = (await makeClient(agency)).id;
  const link = await makeLink(agency, clientId);
  await sendLinkByEmail(agency.agencyId, link.id, agency.actor);
  const done = await makeLink(agency, clientId);
  if (!(await completeLink(done.token, { clientName: "Casey", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A] }, META)).ok) {
    throw new Error("setup: completion refused");
  }
  await runWorkerCycle(createMailboxTransport(), new Date());

  messages.adminInvitation = await messageOf("staff-invitation", "new.person@agency.example");
  messages.memberInvitation = await messageOf("staff-invitation", "new.helper@agency.example");
  messages.linkEmail = await messageOf("link-invitation", "casey@acme-shoes.example");
  messages.ownerNotification = await messageOf("agency-notification", owner.email);
  server = await startAppServer((await fullBuild()).build);
});

afterAll(async () => {
  await server?.close();
});

describe("finding 1: privilege escalation through the Mailbox", () => {
  it("a Member reads client-facing email but no staff invitation, so no invitation link ever reaches them", async () => {
    const list = await get(`/a/${slug}/mailbox`, member);
    expect(list.status).toBe(200);
    expect(list.body).toContain(`/a/${slug}/mailbox/${messages.linkEmail}`);
    expect(list.body).not.toContain(messages.adminInvitation);
    expect(list.body).not.toContain(messages.memberInvitation);
    expect(list.body).not.toContain(messages.ownerNotification);

    // The message page shows the email as sent (its own document, .../html) or as plain text.
    for (const view of ["/html", "?view=text"]) {
      const linkEmail = await get(`/a/${slug}/mailbox/${messages.linkEmail}${view}`, member);
      expect(linkEmail.status).toBe(200);
      expect(linkEmail.body).toContain("/l/");
      for (const id of [messages.adminInvitation, messages.memberInvitation, messages.ownerNotification]) {
        for (const path of [`/a/${slug}/mailbox/${id}`, `/a/${slug}/mailbox/${id}${view}`]) {
          const refused = await get(path, member);
          expect(refused.status).toBe(404);
          expect(refused.body).not.toContain("/invite/");
        }
      }
    }
  });

  it("the escalation no longer works: the Admin invitation stays unused and no account is made for its address", async () => {
    // What the attacker did: open the invitation in the Mailbox and follow its link.
    for (const view of ["", "/html", "?view=text"]) {
      const opened = await get(`/a/${slug}/mailbox/${messages.adminInvitation}${view}`, member);
      expect(opened.body.match(/\/invite\/[A-Za-z0-9._~-]+/)).toBeNull();
    }
    const invitation = await db.staffInvitation.findFirstOrThrow({ where: { email: "new.person@agency.example" } });
    expect(invitation.acceptedAt).toBeNull();
    expect(await db.user.count({ where: { email: "new.person@agency.example" } })).toBe(0);
  });

  it("a staff invitation is read only by those who may send one of its role", async () => {
    // An Admin may invite Admins and Members: both invitations are theirs to read.
    const adminList = await get(`/a/${slug}/mailbox`, admin);
    expect(adminList.body).toContain(messages.adminInvitation);
    expect(adminList.body).toContain(messages.memberInvitation);
    for (const view of ["/html", "?view=text"]) {
      const adminOpens = await get(`/a/${slug}/mailbox/${messages.adminInvitation}${view}`, admin);
      expect(adminOpens.status).toBe(200);
      expect(adminOpens.body).toMatch(/\/invite\//);

      // The Owner reads every invitation.
      const ownerOpens = await get(`/a/${slug}/mailbox/${messages.memberInvitation}${view}`, owner);
      expect(ownerOpens.status).toBe(200);
      expect(ownerOpens.body).toMatch(/\/invite\//);
    }
  });

  it("mail to a staff account is read by that account only", async () => {
    for (const view of ["", "/html", "?view=text"]) {
      expect((await get(`/a/${slug}/mailbox/${messages.ownerNotification}${view}`, owner)).status).toBe(200);
      expect((await get(`/a/${slug}/mailbox/${messages.ownerNotification}${view}`, admin)).status).toBe(404);
    }
    expect((await get(`/a/${slug}/mailbox`, admin)).body).not.toContain(messages.ownerNotification);
  });

  it("a demoted Admin stops reading the Admin invitation at once", async () => {
    await db.membership.update({
      where: { agencyId_userId: { agencyId: (await db.agency.findUniqueOrThrow({ where: { slug } })).id, userId: admin.userId } },
      data: { role: "MEMBER" },
    });
    for (const view of ["", "/html", "?view=text"]) {
      expect((await get(`/a/${slug}/mailbox/${messages.adminInvitation}${view}`, admin)).status).toBe(404);
      expect((await get(`/a/${slug}/mailbox/${messages.memberInvitation}${view}`, admin)).status).toBe(404);
    }
  });
});
