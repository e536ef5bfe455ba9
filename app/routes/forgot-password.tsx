import type { ActionFunctionArgs, HeadersArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { PublicPage } from "~/components/account/public-page";
import { ErrorPage } from "~/components/error-page";
import { Field, FormError } from "~/components/form";
import { SubmitButton } from "~/components/ui/button";
import { pageTitle } from "~/components/ui/title";
import { requestMeta } from "~/modules/audit/events.server";
import { requestPasswordReset } from "~/modules/auth/password-reset.server";
import { ForgotPasswordSchema } from "~/modules/auth/schemas";
import type { FormFailure } from "~/modules/http/forms.server";
import { parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { clientIp, consumeAll, limitedForm, retryAfterHeaders } from "~/modules/security/rate-limit.server";

// "Forgot password" (docs/decisions/046): the same answer, after the same work, whether an
// account uses the address or not; the worker sends the email a cycle later.

export const meta: MetaFunction = () => pageTitle("Forgot your password");

export function headers(args: HeadersArgs) {
  return retryAfterHeaders(args);
}

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request }: LoaderFunctionArgs) => {
    return json({ sent: new URL(request.url).searchParams.get("sent") === "1" });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request }: ActionFunctionArgs) => {
    const formData = await request.formData();
    const parsed = parseForm(ForgotPasswordSchema, formData);
    if (!parsed.ok) return parsed.response;
    // Counted for unknown addresses alike: the limit itself says nothing about accounts.
    const limited = await consumeAll(["passwordResetIp", clientIp(request)], ["passwordResetEmail", parsed.data.email]);
    if (!limited.ok) return limitedForm(limited, formData);
    await requestPasswordReset(parsed.data.email, requestMeta(request));
    // A redirect that names no address: the same answer, byte for byte, for every address.
    return redirect("/forgot-password?sent=1", 303);
  });
}

export default function ForgotPassword() {
  const { sent } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  if (sent) {
    return (
      <PublicPage title="Check your email">
        <p className="m-0" role="status">
          If an account uses that address, we sent a link to it. The link works once, for 1 hour.
        </p>
        <p className="m-0 mt-3 text-muted">Nothing after a few minutes? Check the spam folder, or ask again.</p>
        <p className="m-0 mt-4 flex flex-wrap gap-4">
          <Link to="/login">Back to log in</Link>
          <Link to="/forgot-password">Ask again</Link>
        </p>
      </PublicPage>
    );
  }
  return (
    <PublicPage
      title="Forgot your password?"
      description="Enter your account's email address: we will send you a link to choose a new password."
    >
      <Form method="post" noValidate>
        <FormError message={failure?.formError} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={failure?.values.email}
          errors={failure?.fieldErrors}
          required
        />
        <SubmitButton pendingLabel="Sending…">Send me a link</SubmitButton>
      </Form>
      <p className="m-0 mt-4">
        <Link to="/login">Back to log in</Link>
      </p>
    </PublicPage>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
