// Reminders to the client, one template with four kinds. Every kind restates what is asked
// (role, sites, the Hotjar account to invite), so the email stands on its own. In the link's language.
import type { ReactNode } from "react";

import { HOTJAR_UI } from "../app/modules/platforms/hotjar";
import { oneLine, siteCount, siteLines } from "./components/format";
import {
  accentOf,
  CallToAction,
  GenuineCheck,
  Greeting,
  Layout,
  List,
  Paragraph,
  RequestDetails,
  styles,
  Subheading,
  Title,
} from "./components/layout";
import { intlFor, type IntlShape, say, sayRich } from "./components/words";
import type { ClientReminderKind, ClientReminderProps } from "./types";

/** Each kind's messages: `email.reminder.<key>.*`. */
const KEY: Record<ClientReminderKind, string> = {
  "link-not-opened": "reminder.linkNotOpened",
  "link-expiring": "reminder.linkExpiring",
  "invite-not-accepted": "reminder.inviteNotAccepted",
  "invite-expired": "reminder.inviteExpired",
};

/** Every value a reminder's messages may use. */
function valuesOf({ branding, request, invitationLifetimeDays }: ClientReminderProps, intl: IntlShape) {
  return {
    agency: branding.agencyName,
    requester: request.requesterName,
    level: request.roleLabel,
    count: siteCount(request.sites),
    expiresAt: request.expiresAt,
    email: request.granteeEmail,
    days: invitationLifetimeDays,
    team: HOTJAR_UI.team, // Hotjar's own label, in Hotjar's English in every language
    sites: siteLines(request.sites, intl)?.join(", ") ?? say(intl, "reminder.siteYouChose"),
  };
}

export function clientReminderSubject(props: ClientReminderProps): string {
  const intl = intlFor(props.locale);
  return oneLine(say(intl, `${KEY[props.kind]}.subject`, valuesOf(props, intl)));
}

export function ClientReminder(props: ClientReminderProps) {
  const { locale, branding, kind, request, contactName, url, resendSteps } = props;
  const intl = intlFor(locale);
  const key = KEY[kind];
  const values = valuesOf(props, intl);
  const isLinkReminder = kind === "link-not-opened" || kind === "link-expiring";

  const intro: ReactNode[] = [sayRich(intl, `${key}.intro`, values)];
  if (kind === "invite-not-accepted") intro.push(say(intl, `${key}.check`, values));

  return (
    <Layout branding={branding} intl={intl} preview={say(intl, `${key}.preview`, values)}>
      <Title>{say(intl, `${key}.title`)}</Title>
      <Greeting name={contactName} intl={intl} />
      {intro.map((paragraph, index) => (
        <Paragraph key={index}>{paragraph}</Paragraph>
      ))}

      {isLinkReminder && url ? <CallToAction href={url} label={say(intl, "cta.review")} accent={accentOf(branding)} intl={intl} /> : null}

      {!isLinkReminder && resendSteps.length > 0 ? (
        <>
          <Subheading>{say(intl, `${key}.stepsTitle`)}</Subheading>
          <List items={resendSteps} ordered />
        </>
      ) : null}

      <Subheading>{say(intl, "details.title")}</Subheading>
      <RequestDetails
        request={request}
        showExpiry={isLinkReminder}
        intl={intl}
        noSitesText={say(intl, isLinkReminder ? "details.clientChooses" : "details.siteChosen")}
      />
      <Paragraph style={styles.small}>{say(intl, "reminder.onlyLevel", values)}</Paragraph>

      <GenuineCheck agencyName={branding.agencyName} intl={intl} />
    </Layout>
  );
}

export default ClientReminder;
