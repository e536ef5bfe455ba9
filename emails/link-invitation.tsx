// The first email a client receives: who asks, exactly what for, why, until when, the link, what is
// NOT asked, and how to check the request is genuine. In the link's language.
import { oneLine, siteCount } from "./components/format";
import {
  accentOf,
  CallToAction,
  GenuineCheck,
  Greeting,
  Layout,
  List,
  Paragraph,
  RequestDetails,
  Subheading,
  Title,
} from "./components/layout";
import { intlFor, say, sayRich } from "./components/words";
import type { LinkInvitationProps } from "./types";

export function linkInvitationSubject({ locale, branding, request }: LinkInvitationProps): string {
  const values = { agency: branding.agencyName, level: request.roleLabel, count: siteCount(request.sites) };
  return oneLine(say(intlFor(locale), "invitation.subject", values));
}

export function LinkInvitation(props: LinkInvitationProps) {
  const { locale, branding, request, contactName, url } = props;
  const intl = intlFor(locale);
  const agency = branding.agencyName;
  const values = { agency, requester: request.requesterName, level: request.roleLabel, expiresAt: request.expiresAt };
  const count = siteCount(request.sites);
  return (
    <Layout branding={branding} intl={intl} preview={say(intl, "invitation.preview", values)}>
      <Title>{say(intl, "invitation.title", { agency, count })}</Title>
      <Greeting name={contactName} intl={intl} />
      <Paragraph>{say(intl, "invitation.intro", { ...values, count })}</Paragraph>

      <Subheading>{say(intl, "details.title")}</Subheading>
      <RequestDetails request={request} showReason={false} intl={intl} />

      <Subheading>{say(intl, "invitation.why")}</Subheading>
      <Paragraph>{request.reason.trim() ? request.reason : say(intl, "invitation.noReason")}</Paragraph>

      <Subheading>{say(intl, "invitation.when")}</Subheading>
      <Paragraph>{sayRich(intl, "invitation.expires", values)}</Paragraph>

      <CallToAction href={url} label={say(intl, "cta.review")} accent={accentOf(branding)} intl={intl} />

      <Subheading>{say(intl, "notAsked.title")}</Subheading>
      <List items={(["password", "admin", "billing"] as const).map((k) => say(intl, `notAsked.${k}`, { agency }))} />

      <GenuineCheck agencyName={agency} intl={intl} />
    </Layout>
  );
}

export default LinkInvitation;
