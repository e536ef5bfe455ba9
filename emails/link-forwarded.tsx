// "I'm not the Hotjar admin": the client sends the same request to a colleague who can grant it.
// The colleague opens the same link; nothing new is minted. In the link's language.
import { oneLine } from "./components/format";
import { accentOf, CallToAction, GenuineCheck, Greeting, Layout, Paragraph, RequestDetails, Subheading, Title } from "./components/layout";
import { intlFor, say } from "./components/words";
import type { LinkForwardedProps } from "./types";

export function linkForwardedSubject({ locale, branding, fromName }: LinkForwardedProps): string {
  const intl = intlFor(locale);
  return oneLine(say(intl, "forwarded.subject", { from: fromName ?? say(intl, "forwarded.someone"), agency: branding.agencyName }));
}

export function LinkForwarded({ locale, branding, request, colleagueName, fromName, clientName, note, url }: LinkForwardedProps) {
  const intl = intlFor(locale);
  const agency = branding.agencyName;
  const from = fromName ?? say(intl, "forwarded.someoneAt", { client: clientName });
  return (
    <Layout branding={branding} intl={intl} preview={say(intl, "forwarded.preview", { from, agency, expiresAt: request.expiresAt })}>
      <Title>{say(intl, "forwarded.title", { from })}</Title>
      <Greeting name={colleagueName} intl={intl} />
      <Paragraph>{say(intl, "forwarded.intro", { agency, client: clientName, from })}</Paragraph>
      {note ? <Paragraph>{say(intl, "forwarded.note", { note })}</Paragraph> : null}
      <Subheading>{say(intl, "details.title")}</Subheading>
      <RequestDetails request={request} showReason intl={intl} />
      <CallToAction href={url} label={say(intl, "cta.review")} accent={accentOf(branding)} intl={intl} />
      <GenuineCheck agencyName={agency} intl={intl} />
    </Layout>
  );
}

export default LinkForwarded;
