// To the OLD address once a change of address took effect: if it was not its owner, they know.
import { Layout, Paragraph, Title } from "./components/layout";
import type { Branding, EmailChangedProps } from "./types";

const branding: Branding = { agencyName: "Onboarding links", accentColor: null, logoUrl: null };

export function emailChangedSubject(): string {
  return "Your account's email address was changed";
}

export function EmailChanged({ name, oldEmail, newEmail, at }: EmailChangedProps) {
  return (
    <Layout branding={branding} preview={`Your account now uses ${newEmail}`} footer={<>Sent by the onboarding portal to {oldEmail}.</>}>
      <Title>Your email address was changed</Title>
      <Paragraph>
        Hello {name}, on {at} your account's email address changed from {oldEmail} to {newEmail}. Emails for the account now go to the new
        address, and you log in with it.
      </Paragraph>
      <Paragraph>If you did not make this change, contact your agency's Owner at once: someone else may be using your account.</Paragraph>
    </Layout>
  );
}

export default EmailChanged;
