// One agency with a row behind every id a staff URL takes: a client, links (one completed, so a
// grant exists), a pending staff invitation and a mailbox message.
import { db } from "~/modules/db/db.server";
import { completeLink } from "~/modules/links/link-page.server";
import { invitationToken } from "~/modules/team/invitation-token.server";
import { inviteStaff } from "~/modules/team/invitations.server";

import { makeAgency, makeClient, makeLink, META, SITE_A, type TestAgency } from "../../integration/helpers";

export type Seeded = {
  agency: TestAgency;
  slug: string;
  clientId: string;
  link: { id: string; token: string };
  completedLink: { id: string; token: string };
  grantId: string;
  invitationToken: string;
  messageId: string;
};

export async function seedAgency(): Promise<Seeded> {
  const agency = await makeAgency();
  const row = await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } });
  const user = await db.user.findUniqueOrThrow({ where: { id: agency.userId } });
  const client = await makeClient(agency);
  const link = await makeLink(agency, client.id);
  const completedLink = await makeLink(agency, client.id);
  const done = await completeLink(
    completedLink.token,
    { clientName: "Casey Client", clientEmail: "casey@acme-shoes.example", siteIds: [SITE_A] },
    META,
  );
  if (!done.ok) throw new Error(`completeLink failed: ${JSON.stringify(done)}`);
  const grant = await db.grant.findFirstOrThrow({ where: { linkId: completedLink.id } });
  const ctx = {
    user,
    role: "OWNER",
    agency: {
      id: row.id,
      name: row.name,
      slug: row.slug,
      granteeEmail: row.granteeEmail,
      defaultLifetimeDays: row.defaultLifetimeDays,
      defaultRole: row.defaultRole,
      logoUrl: null,
      accentColor: row.accentColor,
    },
  } as unknown as Parameters<typeof inviteStaff>[0];
  const invited = await inviteStaff(ctx, { email: "new.colleague@agency.example", role: "MEMBER" });
  if (!invited.ok) throw new Error(`inviteStaff failed: ${invited.message}`);
  const invitation = await db.staffInvitation.findUniqueOrThrow({ where: { id: invited.invitationId } });
  const outbound = await db.outboundEmail.findFirstOrThrow({ where: { agencyId: row.id } });
  const message = await db.mailboxMessage.create({
    data: {
      agencyId: row.id,
      outboundEmailId: outbound.id,
      from: "portal@example.test",
      to: outbound.to,
      subject: "Seeded",
      html: "<p>Seeded</p>",
      text: "Seeded",
      readers: "AGENCY",
    },
  });
  return {
    agency,
    slug: row.slug,
    clientId: client.id,
    link: { id: link.id, token: link.token },
    completedLink: { id: completedLink.id, token: completedLink.token },
    grantId: grant.id,
    invitationToken: invitationToken(invitation),
    messageId: message.id,
  };
}
