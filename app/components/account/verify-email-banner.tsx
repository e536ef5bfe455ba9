import { Form, useLocation } from "@remix-run/react";
import { MailWarning } from "lucide-react";

import { SubmitButton } from "~/components/ui/button";

/** Shown in the staff frame until the account's address is verified (docs/decisions/046). */
export function VerifyEmailBanner({ email }: { email: string }) {
  const { pathname, search } = useLocation();
  return (
    <section
      aria-label="Verify your email address"
      data-testid="verify-email-banner"
      className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md bg-warn-soft px-4 py-3"
    >
      <MailWarning aria-hidden className="h-5 w-5 shrink-0" />
      <p className="m-0 min-w-[14rem] flex-1">
        <strong>Verify your email address:</strong> we sent a link to <span className="[overflow-wrap:anywhere]">{email}</span>. Until then
        you cannot invite staff or email clients.
      </p>
      <Form method="post" action="/account/email" className="m-0">
        <input type="hidden" name="redirectTo" value={pathname + search} />
        <SubmitButton intent="resend" formAction="/account/email" variant="secondary" pendingLabel="Sending…">
          Send it again
        </SubmitButton>
      </Form>
    </section>
  );
}
