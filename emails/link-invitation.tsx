// The first email a client receives: who asks, exactly what for, why, until when, the link, what is
// NOT asked, and how to check the request is genuine.
import { oneLine, roleShortName, yourSites } from "./components/format";
import { accentOf, CallToAction, GenuineCheck, Layout, Paragraph, RequestDetails, styles, Subheading, Title } from "./components/layout";
import type { LinkInvitationProps } from "./types";

export function linkInvitationSubject({ branding, request }: LinkInvitationProps): string {
  return oneLine(`${branding.agencyName} asks for ${roleShortName(request.roleLabel)} access to ${yourSites(request.sites)}`);
}

export function LinkInvitation(props: LinkInvitationProps) {
  const { branding, request, contactName, url } = props;
  const agency = branding.agencyName;
  return (
    <Layout
      branding={branding}
      preview={`${request.requesterName} at ${agency} asks for ${request.roleLabel} access in Hotjar. The link expires on ${request.expiresAt}.`}
    >
      <Title>{`${agency} asks for access to ${yourSites(request.sites)}`}</Title>
      <Paragraph>Hello {contactName},</Paragraph>
      <Paragraph>
        {request.requesterName} at {agency} asks you to give their Hotjar account access to {yourSites(request.sites)}. It takes one click:
        open the link below, check the request, and confirm.
      </Paragraph>

      <Subheading>What is asked</Subheading>
      <RequestDetails request={request} showReason={false} />

      <Subheading>Why</Subheading>
      <Paragraph>{request.reason.trim() ? request.reason : "No reason was given."}</Paragraph>

      <Subheading>When</Subheading>
      <Paragraph>
        The link expires on <strong>{request.expiresAt}</strong>. After that, you can ask {agency} for a new one from the expired page.
      </Paragraph>

      <CallToAction href={url} label="Review the request" accent={accentOf(branding)} />

      <Subheading>What is not asked</Subheading>
      <ul style={styles.list}>
        <li style={styles.listItem}>No password: you never share your Hotjar password.</li>
        <li style={styles.listItem}>No Admin access: {agency} cannot manage your account or its users.</li>
        <li style={styles.listItem}>No billing: {agency} cannot see or change your plan or payment details.</li>
      </ul>

      <GenuineCheck agencyName={agency} />
    </Layout>
  );
}

export default LinkInvitation;
