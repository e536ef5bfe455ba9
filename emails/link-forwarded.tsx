// "I'm not the Hotjar admin": the client sends the same request to a colleague who can grant it.
// The colleague opens the same link; nothing new is minted.
import { oneLine } from "./components/format";
import { accentOf, CallToAction, GenuineCheck, Layout, Paragraph, RequestDetails, Subheading, Title } from "./components/layout";
import type { LinkForwardedProps } from "./types";

export function linkForwardedSubject({ branding, fromName }: LinkForwardedProps): string {
  return oneLine(`${fromName ?? "A colleague"} asks you to give ${branding.agencyName} access in Hotjar`);
}

export function LinkForwarded({ branding, request, colleagueName, fromName, clientName, note, url }: LinkForwardedProps) {
  const agency = branding.agencyName;
  const from = fromName ?? `A colleague at ${clientName}`;
  return (
    <Layout
      branding={branding}
      preview={`${from} asks you, as a Hotjar admin, to invite ${agency}. The link expires on ${request.expiresAt}.`}
    >
      <Title>{`${from} needs your help in Hotjar`}</Title>
      <Paragraph>Hello{colleagueName ? ` ${colleagueName}` : ""},</Paragraph>
      <Paragraph>
        {agency} asked {clientName} for access to Hotjar, and only a Hotjar Admin or the Account Owner can send the invitation. {from}{" "}
        forwarded the request to you.
      </Paragraph>
      {note ? <Paragraph>{`“${note}”`}</Paragraph> : null}
      <Subheading>What is asked</Subheading>
      <RequestDetails request={request} showReason />
      <CallToAction href={url} label="Review the request" accent={accentOf(branding)} />
      <GenuineCheck agencyName={agency} />
    </Layout>
  );
}

export default LinkForwarded;
