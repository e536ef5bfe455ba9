// The agency ended its access (review, end date, offboarding): the client removes the grantee
// in Hotjar, since the portal cannot do it for them. In the link's language.
import { oneLine, siteLine } from "./components/format";
import { Greeting, Layout, List, Paragraph, Subheading, Title } from "./components/layout";
import { intlFor, say, sayRich } from "./components/words";
import type { AccessEndedProps } from "./types";

export function accessEndedSubject({ locale, branding }: AccessEndedProps): string {
  return oneLine(say(intlFor(locale), "accessEnded.subject", { agency: branding.agencyName }));
}

export function AccessEnded({ locale, branding, contactName, granteeEmail, sites, removalSteps }: AccessEndedProps) {
  const intl = intlFor(locale);
  const agency = branding.agencyName;
  const siteList = sites.map((s) => siteLine(s, intl)).join(", ");
  return (
    <Layout branding={branding} intl={intl} preview={say(intl, "accessEnded.preview", { email: granteeEmail })}>
      <Title>{say(intl, "accessEnded.title", { agency })}</Title>
      <Greeting name={contactName} intl={intl} />
      <Paragraph>{sayRich(intl, "accessEnded.intro", { agency, count: sites.length, sites: siteList, email: granteeEmail })}</Paragraph>
      <Subheading>{say(intl, "accessEnded.stepsTitle")}</Subheading>
      <List items={removalSteps} ordered />
      <Paragraph>{say(intl, "accessEnded.thanks", { agency })}</Paragraph>
    </Layout>
  );
}

export default AccessEnded;
