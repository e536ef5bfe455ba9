// Reminders to the client, one template with four kinds. Every kind restates what is asked
// (role, sites, the Hotjar account to invite), so the email stands on its own.
import type { ReactElement } from "react";

import { oneLine, roleShortName, siteLines, yourSites } from "./components/format";
import { accentOf, CallToAction, GenuineCheck, Layout, Paragraph, RequestDetails, styles, Subheading, Title } from "./components/layout";
import type { ClientReminderKind, ClientReminderProps } from "./types";

export function clientReminderSubject({ branding, kind, request }: ClientReminderProps): string {
  const agency = branding.agencyName;
  const role = roleShortName(request.roleLabel);
  const subjects: Record<ClientReminderKind, string> = {
    "link-not-opened": `Reminder: ${agency} asks for ${role} access to ${yourSites(request.sites)}`,
    "link-expiring": `Reminder: ${agency}'s request for ${role} access in Hotjar expires on ${request.expiresAt}`,
    "invite-not-accepted": `Reminder: please check your Hotjar invitation for ${agency}`,
    "invite-expired": `Reminder: your Hotjar invitation for ${agency} expired, please resend it`,
  };
  return oneLine(subjects[kind]);
}

function previewOf({ branding, kind, request }: ClientReminderProps): string {
  const agency = branding.agencyName;
  switch (kind) {
    case "link-not-opened":
      return `You have not opened ${agency}'s Hotjar access request yet.`;
    case "link-expiring":
      return `${agency}'s Hotjar access link expires on ${request.expiresAt}.`;
    case "invite-not-accepted":
      return `Your Hotjar invitation for ${agency} may not have been sent or accepted.`;
    case "invite-expired":
      return `Hotjar invitations expire after 7 days: please resend yours to ${request.granteeEmail}.`;
  }
}

/** "Acme EU (site ID 1), Acme US (site ID 2)", or the fallback when the client chose the site. */
function sitesInline(request: ClientReminderProps["request"]): string {
  return siteLines(request.sites)?.join(", ") ?? "the site you chose";
}

export function ClientReminder(props: ClientReminderProps) {
  const { branding, kind, request, contactName, url, resendSteps } = props;
  const agency = branding.agencyName;
  const accent = accentOf(branding);
  const isLinkReminder = kind === "link-not-opened" || kind === "link-expiring";

  let title: string;
  let intro: ReactElement;
  switch (kind) {
    case "link-not-opened":
      title = "You have not opened the request yet";
      intro = (
        <Paragraph>
          {request.requesterName} at {agency} sent you a request for access to {yourSites(request.sites)}, and you have not opened it yet.
          It takes one click: open the link, check the request, and confirm. The link expires on <strong>{request.expiresAt}</strong>.
        </Paragraph>
      );
      break;
    case "link-expiring":
      title = "The link expires soon";
      intro = (
        <Paragraph>
          The link {agency} sent you expires on <strong>{request.expiresAt}</strong>. If you still want to give {agency} access to{" "}
          {yourSites(request.sites)}, please open it before then.
        </Paragraph>
      );
      break;
    case "invite-not-accepted":
      title = "Please check your Hotjar invitation";
      intro = (
        <>
          <Paragraph>
            You confirmed {agency}'s request, but your Hotjar invitation to <strong>{request.granteeEmail}</strong> may not have been sent
            or accepted yet.
          </Paragraph>
          <Paragraph>
            Please check the Team page of your Hotjar account ({sitesInline(request)}): the invitation should be listed for{" "}
            {request.granteeEmail} with the {request.roleLabel} role. If it is missing, please send it again.
          </Paragraph>
        </>
      );
      break;
    case "invite-expired":
      title = "Your Hotjar invitation expired";
      intro = (
        <Paragraph>
          Hotjar invitations expire after 7 days, and the invitation you sent to <strong>{request.granteeEmail}</strong> for {agency} was
          not accepted in time. Please resend it.
        </Paragraph>
      );
      break;
  }

  return (
    <Layout branding={branding} preview={previewOf(props)}>
      <Title>{title}</Title>
      <Paragraph>Hello {contactName},</Paragraph>
      {intro}

      {isLinkReminder && url ? <CallToAction href={url} label="Review the request" accent={accent} /> : null}

      {!isLinkReminder && resendSteps.length > 0 ? (
        <>
          <Subheading>{kind === "invite-expired" ? "How to resend the invitation" : "How to send the invitation again"}</Subheading>
          <ol style={styles.list}>
            {resendSteps.map((step, index) => (
              <li key={index} style={styles.listItem}>
                {step}
              </li>
            ))}
          </ol>
        </>
      ) : null}

      <Subheading>What is asked</Subheading>
      <RequestDetails
        request={request}
        showExpiry={isLinkReminder}
        noSitesText={isLinkReminder ? "You choose the site when you open the link." : "The site you chose."}
      />
      <Paragraph style={styles.small}>
        {agency} asks for {request.roleLabel} access only: no password, no Admin access and no billing.
      </Paragraph>

      <GenuineCheck agencyName={agency} />
    </Layout>
  );
}

export default ClientReminder;
