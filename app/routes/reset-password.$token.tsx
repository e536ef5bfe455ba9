import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";

import { problemTitle, PublicPage, TokenProblemText } from "~/components/account/public-page";
import { ErrorPage } from "~/components/error-page";
import { Field, FormError } from "~/components/form";
import { SubmitButton } from "~/components/ui/button";
import { pageTitle } from "~/components/ui/title";
import { requestMeta } from "~/modules/audit/events.server";
import type { TokenProblem } from "~/modules/auth/account-token.server";
import { checkResetToken, resetPassword } from "~/modules/auth/password-reset.server";
import { ResetPasswordSchema } from "~/modules/auth/schemas";
import { type FormFailure, formInput, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";

// The emailed reset link (docs/decisions/046). The token is in the path: logs show the route
// pattern, and the page is never cached or sent on as a referrer.

export const meta: MetaFunction = () => pageTitle("Choose a new password");

export function headers() {
  return { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };
}

const STATUS: Record<TokenProblem, number> = { invalid: 404, used: 410, superseded: 410, expired: 410 };

function problemResponse(problem: TokenProblem) {
  return json({ ok: false as const, problem }, { status: STATUS[problem] });
}

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ params }: LoaderFunctionArgs) => {
    const checked = await checkResetToken(params.token ?? "");
    if (!checked.ok) return problemResponse(checked.problem);
    return json({ ok: true as const, email: checked.email });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const formData = await request.formData();
    // Both fields are passwords: a failure sends neither back.
    const parsed = parseForm(ResetPasswordSchema, new FormData(), formInput(formData));
    if (!parsed.ok) return parsed.response;
    const result = await resetPassword(params.token ?? "", parsed.data, requestMeta(request));
    if (!result.ok) return problemResponse(result.problem);
    return redirect(`/login?notice=password-reset`, 303);
  });
}

export default function ResetPassword() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure | { ok: false; problem: TokenProblem }>();
  const { key } = useLocation();
  const problem = !data.ok ? data.problem : actionData && "problem" in actionData ? actionData.problem : null;
  if (problem) {
    return (
      <PublicPage title={problemTitle(problem)}>
        <TokenProblemText problem={problem} again={{ href: "/forgot-password", label: "Ask for a new link" }} />
      </PublicPage>
    );
  }
  const failure = actionData && "fieldErrors" in actionData ? actionData : undefined;
  return (
    <PublicPage
      title="Choose a new password"
      description={
        <>
          For <span className="break-all">{data.ok ? data.email : ""}</span>. It logs this account out everywhere.
        </>
      }
    >
      <Form method="post" noValidate key={key}>
        <FormError message={failure?.formError} />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          hint="At least 10 characters."
          errors={failure?.fieldErrors}
          required
        />
        <Field
          label="New password again"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          errors={failure?.fieldErrors}
          required
        />
        <SubmitButton pendingLabel="Saving…">Set the new password</SubmitButton>
      </Form>
    </PublicPage>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
