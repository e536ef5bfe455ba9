// Internal: a webhook endpoint failed too many deliveries in a row and was switched off.
import { oneLine } from "./components/format";
import { accentOf, CallToAction, Layout, Paragraph, Title } from "./components/layout";
import type { Branding, WebhookDisabledProps } from "./types";

export function webhookDisabledSubject({ agencyName }: WebhookDisabledProps): string {
  return oneLine(`[${agencyName}] A webhook endpoint was switched off after repeated failures`);
}

export function WebhookDisabled({ agencyName, url, failures, lastError, endpointUrl }: WebhookDisabledProps) {
  const branding: Branding = { agencyName, accentColor: null, logoUrl: null };
  return (
    <Layout
      branding={branding}
      preview={`Webhooks to ${url} stopped after ${failures} failed deliveries in a row.`}
      footer={<>Internal notification for {agencyName} staff, sent by the onboarding portal.</>}
    >
      <Title>A webhook endpoint was switched off</Title>
      <Paragraph>
        The last {failures} deliveries to <strong>{url}</strong> failed, each after every retry, so the portal stopped sending to it. New
        events are not queued for it while it is off.
      </Paragraph>
      {lastError ? <Paragraph>The last try ended with: {lastError}</Paragraph> : null}
      <Paragraph>Fix the receiver, then switch the endpoint on again and replay the deliveries you need from its log.</Paragraph>
      <CallToAction href={endpointUrl} label="Open the endpoint" accent={accentOf(branding)} />
    </Layout>
  );
}

export default WebhookDisabled;
