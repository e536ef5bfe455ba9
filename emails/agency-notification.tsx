// Internal email to the agency's staff when something happens on one of their links.
import { oneLine } from "./components/format";
import { accentOf, CallToAction, Layout, Paragraph, RequestDetails, styles, Subheading, Title } from "./components/layout";
import type { AgencyNotificationKind, AgencyNotificationProps, Branding } from "./types";

const EVENT_LABEL: Record<AgencyNotificationKind, string> = {
  "link-opened": "link opened",
  "link-completed": "link completed",
  "link-declined": "link declined",
  "new-link-requested": "new link requested",
};

export function agencyNotificationSubject({ kind, clientName }: AgencyNotificationProps): string {
  return oneLine(`[${clientName}] ${EVENT_LABEL[kind]}`);
}

function grantLine(grant: AgencyNotificationProps["grants"][number]): string {
  const site = grant.siteName ? `${grant.siteName} (site ID ${grant.hotjarSiteId})` : `Site ID ${grant.hotjarSiteId}`;
  return `${site}: granted by ${grant.grantedBy}`;
}

export function AgencyNotification(props: AgencyNotificationProps) {
  const { agencyName, kind, clientName, request, linkPageUrl, grants, declineReason, at } = props;
  // Internal email: the agency's own name, default colours, no logo.
  const branding: Branding = { agencyName, accentColor: null, logoUrl: null };
  const reason = declineReason?.trim() ? declineReason : null;

  let title: string;
  let preview: string;
  switch (kind) {
    case "link-opened":
      title = `${clientName} opened the link`;
      preview = `${clientName} opened the Hotjar access link on ${at}.`;
      break;
    case "link-completed":
      title = `${clientName} completed the link`;
      preview = `${clientName} says they granted Hotjar access on ${at}.`;
      break;
    case "link-declined":
      title = `${clientName} declined the request`;
      preview = `${clientName} declined the Hotjar access request. Reason: ${reason ?? "no reason given"}`;
      break;
    case "new-link-requested":
      title = `${clientName} asked for a new link`;
      preview = `${clientName} asked for a new link from an expired page: reissue it.`;
      break;
  }

  return (
    <Layout
      branding={branding}
      preview={preview}
      footer={
        <>
          Internal notification for {agencyName} staff, sent by the onboarding portal. It is about the link sent to {clientName}.
        </>
      }
    >
      <Title>{title}</Title>

      {kind === "link-opened" ? (
        <Paragraph>
          {clientName} opened the link on {at}. They have not answered yet. The link stays valid until <strong>{request.expiresAt}</strong>.
        </Paragraph>
      ) : null}

      {kind === "link-completed" ? (
        <>
          <Paragraph>
            {clientName} completed the link on {at}. What they say they granted:
          </Paragraph>
          {grants.length > 0 ? (
            <ul style={styles.list}>
              {grants.map((grant, index) => (
                <li key={index} style={styles.listItem}>
                  {grantLine(grant)}
                </li>
              ))}
            </ul>
          ) : (
            <Paragraph>No site was listed.</Paragraph>
          )}
          <Paragraph>
            Accept the Hotjar invitation sent to <strong>{request.granteeEmail}</strong> soon: Hotjar invitations expire after 7 days.
          </Paragraph>
        </>
      ) : null}

      {kind === "link-declined" ? (
        <>
          <Paragraph>
            {clientName} declined the request on {at}.
          </Paragraph>
          <Paragraph>
            <strong>Reason:</strong> {reason ?? "no reason given"}
          </Paragraph>
        </>
      ) : null}

      {kind === "new-link-requested" ? (
        <>
          <Paragraph>
            On {at}, {clientName} asked for a new link from an expired page: reissue it. The link expired on{" "}
            <strong>{request.expiresAt}</strong>.
          </Paragraph>
        </>
      ) : null}

      <CallToAction href={linkPageUrl} label="Open the link page" accent={accentOf(branding)} />

      <Subheading>The request</Subheading>
      <Paragraph style={styles.small}>Requested by {request.requesterName}.</Paragraph>
      <RequestDetails request={request} noSitesText="The client chooses the site." />
    </Layout>
  );
}

export default AgencyNotification;
