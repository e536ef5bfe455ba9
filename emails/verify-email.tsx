// Proves a staff account's address: sent at sign-up, on request, and to a new address before a
// change of address takes effect.
import { oneLine } from "./components/format";
import { accentOf, CallToAction, Layout, Paragraph, Title } from "./components/layout";
import type { Branding, VerifyEmailProps } from "./types";

const branding: Branding = { agencyName: "Onboarding links", accentColor: null, logoUrl: null };

export function verifyEmailSubject({ change }: VerifyEmailProps): string {
  return oneLine(change ? "Confirm your new email address" : "Verify your email address");
}

export function VerifyEmail({ name, email, url, expiresAt, change }: VerifyEmailProps) {
  return (
    <Layout branding={branding} preview={`Confirm that ${email} is yours`} footer={<>Sent by the onboarding portal to {email}.</>}>
      <Title>{change ? "Confirm your new email address" : "Verify your email address"}</Title>
      <Paragraph>
        Hello {name},{" "}
        {change
          ? `you asked to use ${email} for your account. It takes effect once you open this link.`
          : `please confirm that ${email} is yours. Until then you cannot invite staff or email clients.`}
      </Paragraph>
      <CallToAction href={url} label={change ? "Use this address" : "Verify my address"} accent={accentOf(branding)} />
      <Paragraph>The link works once and expires on {expiresAt}. If you did not expect it, ignore this email: nothing changes.</Paragraph>
    </Layout>
  );
}

export default VerifyEmail;
