import type { ActionFunctionArgs, HeadersArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { ErrorPage } from "~/components/error-page";
import { Field, FormError } from "~/components/form";
import { buttonClasses, SubmitButton } from "~/components/ui/button";
import { pageTitle } from "~/components/ui/title";
import { requireSession } from "~/modules/auth/auth.server";
import { canConfirmWithCode, confirmIdentity, REAUTH_WINDOW_MS } from "~/modules/auth/reauth.server";
import { redirectWithFlash } from "~/modules/http/flash.server";
import { type FormFailure, formFailure, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { safeRedirect } from "~/modules/http/safe-redirect.server";
import { consume, limitedForm, resetLimit, retryAfterHeaders } from "~/modules/security/rate-limit.server";

// "Confirm it's you" before the most sensitive actions (docs/decisions/048): the password typed
// again, then back to the page that asked, where the action is confirmed once more.

export const meta: MetaFunction = () => pageTitle("Confirm it's you");

export function headers(args: HeadersArgs) {
  const headers = retryAfterHeaders(args);
  headers.set("Cache-Control", "no-store");
  return headers;
}

// The password, or a code from the app when two-factor sign-in is on: one of the two.
const ReauthSchema = z
  .object({
    password: z.string().max(200).optional(),
    code: z.string().trim().max(40, "That is not a code from your app or a recovery code").optional(),
    redirectTo: z.string().max(2000).optional(),
  })
  .superRefine((value, ctx) => {
    if (!value.password && !value.code) ctx.addIssue({ code: "custom", path: ["password"], message: "Enter your password" });
  });

// Server-only: the page gets the figure from its loader.
const WINDOW_MINUTES = REAUTH_WINDOW_MS / 60_000;

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request }: LoaderFunctionArgs) => {
    const { user } = await requireSession(request);
    const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "/account");
    return json({ email: user.email, redirectTo, withCode: await canConfirmWithCode(user.id), windowMinutes: WINDOW_MINUTES });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request }: ActionFunctionArgs) => {
    const signedIn = await requireSession(request);
    const formData = await request.formData();
    const parsed = parseForm(ReauthSchema, formData);
    if (!parsed.ok) return parsed.response;
    // Its own budget, per account: a stolen session must not get the password by guessing here.
    const limited = await consume("reauthAccount", signedIn.user.id);
    if (!limited.ok) return limitedForm(limited, formData);
    const { password, code } = parsed.data;
    const proof = password ? { password } : { code: code ?? "" };
    if (!(await confirmIdentity(signedIn, proof))) {
      const field = password ? "password" : "code";
      const message = password ? "That password is not right. Try again." : "That code is not right, or was already used. Try again.";
      return formFailure({ [field]: [message] }, formData);
    }
    await resetLimit("reauthAccount", signedIn.user.id);
    return redirectWithFlash(safeRedirect(parsed.data.redirectTo, "/account"), {
      kind: "success",
      message: `Thanks, that's you. For the next ${WINDOW_MINUTES} minutes you can go ahead: do it again to finish.`,
    });
  });
}

export default function Reauth() {
  const { email, redirectTo, withCode, windowMinutes } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  return (
    <main className="narrow">
      <h1>Confirm it&apos;s you</h1>
      <p className="text-muted">Signed in as {email}.</p>
      <p>
        What you are about to do needs your password{withCode ? " or a code from your app" : ""} again: it keeps someone who finds your
        browser open from taking over your agency. You will not be asked again for {windowMinutes} minutes.
      </p>
      <Form method="post" noValidate>
        <FormError message={failure?.formError} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <input type="email" name="email" value={email} autoComplete="username" readOnly hidden />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          errors={failure?.fieldErrors}
          required={!withCode}
        />
        {withCode ? (
          <Field
            label="Or a code from your authenticator app"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            errors={failure?.fieldErrors}
            hint="A recovery code works too, once."
          />
        ) : null}
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton pendingLabel="Checking…">Confirm</SubmitButton>
          <Link to={redirectTo} className={buttonClasses("ghost")}>
            Cancel
          </Link>
        </div>
      </Form>
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
