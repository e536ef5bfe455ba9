// Invites someone to join an agency's workspace, like a GitHub organization invitation.
import { oneLine } from "./components/format";
import { accentOf, CallToAction, Layout, Paragraph, Title } from "./components/layout";
import type { StaffInvitationProps } from "./types";

export function staffInvitationSubject({ branding, inviterName }: StaffInvitationProps): string {
  return oneLine(`${inviterName} invited you to join ${branding.agencyName}`);
}

export function StaffInvitation({ branding, inviterName, roleName, url, expiresAt }: StaffInvitationProps) {
  return (
    <Layout branding={branding} preview={`Join ${branding.agencyName} on the onboarding portal`}>
      <Title>Join {branding.agencyName}</Title>
      <Paragraph>
        {inviterName} invited you to join {branding.agencyName} as {roleName === "Admin" ? "an" : "a"} {roleName}. You will be able to
        create onboarding links for clients and track the access they grant.
      </Paragraph>
      <CallToAction href={url} label="Accept the invitation" accent={accentOf(branding)} />
      <Paragraph>
        The invitation works once and expires on {expiresAt}. If you did not expect it, ignore this email: nothing happens without you.
      </Paragraph>
    </Layout>
  );
}

export default StaffInvitation;
