// To a staff account that asked to reset its password: a single-use link valid 1 hour.
import { accentOf, CallToAction, Layout, Paragraph, Title } from "./components/layout";
import type { Branding, PasswordResetProps } from "./types";

const branding: Branding = { agencyName: "Onboarding links", accentColor: null, logoUrl: null };

export function passwordResetSubject(): string {
  return "Reset your password";
}

export function PasswordReset({ name, url, expiresAt }: PasswordResetProps) {
  return (
    <Layout
      branding={branding}
      preview="A link to choose a new password"
      footer={<>Sent by the onboarding portal to the account's address.</>}
    >
      <Title>Reset your password</Title>
      <Paragraph>Hello {name}, someone (we hope you) asked to reset the password of your account.</Paragraph>
      <CallToAction href={url} label="Choose a new password" accent={accentOf(branding)} />
      <Paragraph>
        The link works once and expires on {expiresAt}. Choosing a new password logs your account out everywhere. If you did not ask for it,
        ignore this email: your password stays as it is.
      </Paragraph>
    </Layout>
  );
}

export default PasswordReset;
