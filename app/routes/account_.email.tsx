import type { ActionFunctionArgs, HeadersArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";

import { AccountFrame } from "~/components/account/account-frame";
import { ErrorPage } from "~/components/error-page";
import { Field, FormError } from "~/components/form";
import { Badge } from "~/components/ui/badge";
import { SubmitButton } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/layout";
import { pageTitle } from "~/components/ui/title";
import { accountFrameFor } from "~/modules/agencies/account-frame.server";
import { requireSession } from "~/modules/auth/auth.server";
import { emailStatus, requestEmailChange, resendVerification } from "~/modules/auth/email-verification.server";
import { ChangeEmailSchema } from "~/modules/auth/schemas";
import { AppError } from "~/modules/http/errors";
import { redirectWithFlash, takeFlash } from "~/modules/http/flash.server";
import { type FormFailure, formFailure, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { safeRedirect } from "~/modules/http/safe-redirect.server";
import { consume, consumePasswordCheck, limitedForm, retryAfterHeaders, waitMessage } from "~/modules/security/rate-limit.server";

// The account's email address (docs/decisions/046): whether it is verified, "send it again",
// and a change that takes effect only once the new address is verified.

export const meta: MetaFunction = () => pageTitle("Email address");

export function headers(args: HeadersArgs) {
  const headers = retryAfterHeaders(args);
  headers.set("Cache-Control", "no-store");
  return headers;
}

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request }: LoaderFunctionArgs) => {
    const { user } = await requireSession(request);
    const [status, { agencies, frame }, { flash, headers }] = await Promise.all([
      emailStatus(user.id),
      accountFrameFor(user.id),
      takeFlash(request),
    ]);
    return json({ user: { name: user.name, email: user.email }, status, agencies, frame, flash }, { headers });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request }: ActionFunctionArgs) => {
    const { user } = await requireSession(request);
    const formData = await request.formData();
    const intent = formData.get("intent");
    if (intent === "resend") {
      // The banner posts here from any staff page and goes back to it.
      const back = safeRedirect(String(formData.get("redirectTo") ?? ""), "/account/email");
      const limited = await consume("verifyEmailResend", user.id);
      if (!limited.ok) {
        return redirectWithFlash(back, {
          kind: "error",
          message: `We sent several links already: ${waitMessage(limited.retryAfterSeconds)}.`,
        });
      }
      const sentTo = await resendVerification(user.id);
      return redirectWithFlash(back, {
        kind: "success",
        message: sentTo ? `We sent a new link to ${sentTo}. Earlier links no longer work.` : "Your address is already verified.",
      });
    }
    if (intent === "change") {
      const parsed = parseForm(ChangeEmailSchema, formData);
      if (!parsed.ok) return parsed.response;
      // The current password can be guessed here as at login: the same budgets (docs/decisions/018).
      const limited = await consumePasswordCheck(request, user.email);
      if (!limited.ok) return limitedForm(limited, formData);
      const result = await requestEmailChange(user.id, parsed.data);
      if (!result.ok) return formFailure(result.fieldErrors, formData);
      return redirectWithFlash("/account/email", {
        kind: "success",
        message: `We sent a link to ${result.pendingEmail}. Your address changes once you open it.`,
      });
    }
    throw new AppError(400, "Unknown action.");
  });
}

export default function AccountEmail() {
  const { user, status, agencies, frame, flash } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  const { key } = useLocation();
  const page = (
    <>
      <PageHeader title="Email address" description={<Link to="/account">Back to your account</Link>} />
      <div className="flex max-w-3xl flex-col gap-6">
        <Card title="Your address">
          <p className="m-0 flex flex-wrap items-center gap-2" data-testid="email-status">
            <strong className="break-all">{status.email}</strong>
            {status.verified ? <Badge tone="success">Verified</Badge> : <Badge tone="warning">Not verified</Badge>}
          </p>
          {status.verified ? null : (
            <p className="m-0 mt-2 text-muted">Until you open the link we emailed, you cannot invite staff or email clients.</p>
          )}
          {status.pendingEmail ? (
            <p className="m-0 mt-2" data-testid="pending-email">
              Waiting for verification: <strong className="break-all">{status.pendingEmail}</strong>. Your address changes once you open the
              link we sent there.
            </p>
          ) : null}
          {!status.verified || status.pendingEmail ? (
            <Form method="post" className="mt-3">
              <SubmitButton intent="resend" variant="secondary" pendingLabel="Sending…">
                Send the link again
              </SubmitButton>
            </Form>
          ) : null}
        </Card>
        <Card title="Change your address">
          <Form method="post" noValidate key={key}>
            <FormError message={failure?.formError} />
            <Field
              label="New email address"
              name="newEmail"
              type="email"
              autoComplete="email"
              defaultValue={failure?.values.newEmail}
              errors={failure?.fieldErrors}
              required
            />
            <Field
              label="Current password"
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              errors={failure?.fieldErrors}
              required
            />
            <p className="hint">We send a link to the new address; your address changes only once you open it, and we tell the old one.</p>
            <SubmitButton intent="change" pendingLabel="Sending…">
              Send a link to the new address
            </SubmitButton>
          </Form>
        </Card>
      </div>
    </>
  );
  return (
    <AccountFrame user={user} agencies={agencies} frame={frame} flash={flash}>
      {page}
    </AccountFrame>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
