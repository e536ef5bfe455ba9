// The agency ended its access (review, end date, offboarding): the client removes the grantee
// in Hotjar, since the portal cannot do it for them.
import { oneLine } from "./components/format";
import { Layout, Paragraph, styles, Subheading, Title } from "./components/layout";
import type { AccessEndedProps } from "./types";

export function accessEndedSubject({ branding }: AccessEndedProps): string {
  return oneLine(`${branding.agencyName} no longer needs access to your Hotjar account: please remove it`);
}

export function AccessEnded({ branding, contactName, granteeEmail, sites, removalSteps }: AccessEndedProps) {
  const agency = branding.agencyName;
  return (
    <Layout branding={branding} preview={`Please remove ${granteeEmail} from your Hotjar team.`}>
      <Title>{agency} has ended its access</Title>
      <Paragraph>Hello {contactName},</Paragraph>
      <Paragraph>
        {agency} no longer needs access to {sites.map((s) => `${s.name ?? "site"} (site ID ${s.hotjarSiteId})`).join(", ")}. Hotjar has no
        way for us to remove ourselves, so please remove <strong>{granteeEmail}</strong> from your Hotjar team.
      </Paragraph>
      <Subheading>How to remove the access</Subheading>
      <ol style={styles.list}>
        {removalSteps.map((step, i) => (
          <li key={i} style={styles.listItem}>
            {step}
          </li>
        ))}
      </ol>
      <Paragraph>Thank you for working with {agency}.</Paragraph>
    </Layout>
  );
}

export default AccessEnded;
