import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { requireLocalMailbox } from "~/modules/email/mailbox.server";
import { asSentHtml, mailboxHtmlHeaders, withMailboxHtmlHeaders } from "~/modules/email/mailbox-html.server";
import { getMailboxMessage } from "~/modules/email/staff.server";
import { getEnv } from "~/modules/env/env.server";
import { handled } from "~/modules/http/route.server";

/**
 * GET /a/<agency>/mailbox/<messageId>/html: the message as sent, for the message page's sandboxed
 * frame (docs/decisions/041). The same readers as the message page (decision 034): a message the
 * viewer may not read is "not found", as one of another agency is. Every answer, an error's too,
 * carries the view's own policy; server/app.ts leaves the pages' policy off this route only.
 */
export async function loader(args: LoaderFunctionArgs) {
  const publicUrl = getEnv().PUBLIC_URL;
  try {
    return await handled(args, async ({ request, params }: LoaderFunctionArgs) => {
      const { agency, role, user } = await requireAgencyMember(request, params.agency, "emails:read");
      requireLocalMailbox();
      const message = await getMailboxMessage(agency.id, { role, email: user.email }, params.messageId ?? "");
      return new Response(asSentHtml(message.html), {
        headers: { ...mailboxHtmlHeaders(publicUrl), "Content-Type": "text/html; charset=utf-8" },
      });
    });
  } catch (answer) {
    // handled() turns every failure into a Response (a 404, a redirect to the login page).
    throw answer instanceof Response ? withMailboxHtmlHeaders(answer, publicUrl) : answer;
  }
}
