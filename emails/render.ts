// Renders a template to { subject, html, text }. Used by the outbox worker (run with tsx) and by
// vitest; extensionless relative imports resolve in both.
import { render } from "@react-email/render";
import { createElement, type ReactElement } from "react";

import { AccessEnded, accessEndedSubject } from "./access-ended";
import { AgencyNotification, agencyNotificationSubject } from "./agency-notification";
import { ClientReminder, clientReminderSubject } from "./client-reminder";
import { EmailChanged, emailChangedSubject } from "./email-changed";
import { LinkForwarded, linkForwardedSubject } from "./link-forwarded";
import { LinkInvitation, linkInvitationSubject } from "./link-invitation";
import { PasswordReset, passwordResetSubject } from "./password-reset";
import { ReviewNotice, reviewNoticeSubject } from "./review-notice";
import { StaffInvitation, staffInvitationSubject } from "./staff-invitation";
import type { EmailTemplateName, EmailTemplateProps, RenderedEmail } from "./types";
import { VerifyEmail, verifyEmailSubject } from "./verify-email";
import { WebhookDisabled, webhookDisabledSubject } from "./webhook-disabled";

type TemplateDefinition<P> = {
  component: (props: P) => ReactElement;
  subject: (props: P) => string;
};

const templates: { [T in EmailTemplateName]: TemplateDefinition<EmailTemplateProps[T]> } = {
  "link-invitation": { component: LinkInvitation, subject: linkInvitationSubject },
  "link-forwarded": { component: LinkForwarded, subject: linkForwardedSubject },
  "client-reminder": { component: ClientReminder, subject: clientReminderSubject },
  "agency-notification": { component: AgencyNotification, subject: agencyNotificationSubject },
  "staff-invitation": { component: StaffInvitation, subject: staffInvitationSubject },
  "access-ended": { component: AccessEnded, subject: accessEndedSubject },
  "review-notice": { component: ReviewNotice, subject: reviewNoticeSubject },
  "password-reset": { component: PasswordReset, subject: passwordResetSubject },
  "verify-email": { component: VerifyEmail, subject: verifyEmailSubject },
  "email-changed": { component: EmailChanged, subject: emailChangedSubject },
  "webhook-disabled": { component: WebhookDisabled, subject: webhookDisabledSubject },
};

// html-to-text upper-cases headings by default; keep names and labels as written.
const headingSelectors = ["h1", "h2", "h3"].map((selector) => ({
  selector,
  options: { uppercase: false },
}));

export async function renderEmail<T extends EmailTemplateName>(template: T, props: EmailTemplateProps[T]): Promise<RenderedEmail> {
  if (!Object.hasOwn(templates, template)) {
    throw new Error(`Unknown email template: ${String(template)}`);
  }
  const definition = templates[template] as TemplateDefinition<EmailTemplateProps[T]>;
  const element = createElement(definition.component, props);
  const [html, text] = await Promise.all([
    render(element),
    render(element, { plainText: true, htmlToTextOptions: { selectors: headingSelectors } }),
  ]);
  return { subject: definition.subject(props), html, text };
}
