import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { problemTitle, PublicPage, type TokenProblem, TokenProblemText } from "~/components/account/public-page";
import { ErrorPage } from "~/components/error-page";
import { buttonClasses, SubmitButton } from "~/components/ui/button";
import { pageTitle } from "~/components/ui/title";
import { checkAccountToken } from "~/modules/auth/account-token.server";
import { verifyEmail } from "~/modules/auth/email-verification.server";
import { db } from "~/modules/db/db.server";
import { handled } from "~/modules/http/route.server";

// The emailed verification link (docs/decisions/046). Opening it changes nothing (a GET never
// does, and mail scanners open links): the button does.

export const meta: MetaFunction = () => pageTitle("Verify your email address");

export function headers() {
  return { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };
}

const STATUS: Record<TokenProblem, number> = { invalid: 404, used: 410, superseded: 410, expired: 410, taken: 409 };

function problemResponse(problem: TokenProblem) {
  return json({ ok: false as const, problem }, { status: STATUS[problem] });
}

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ params }: LoaderFunctionArgs) => {
    const checked = await checkAccountToken(db, params.token ?? "", "VERIFY_EMAIL");
    if (!checked.ok) return problemResponse(checked.problem);
    return json({ ok: true as const, email: checked.row.email, change: checked.row.email !== checked.row.user.email });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ params }: ActionFunctionArgs) => {
    const result = await verifyEmail(params.token ?? "");
    if (!result.ok) return problemResponse(result.problem);
    return json({ ok: true as const, verified: result.email, changedFrom: result.changedFrom });
  });
}

export default function VerifyEmailPage() {
  const data = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  if (done?.ok) {
    return (
      <PublicPage title={done.changedFrom ? "Your email address changed" : "Email address verified"}>
        <p className="m-0" role="status">
          {done.changedFrom ? (
            <>
              Your account now uses <strong className="break-all">{done.verified}</strong>: log in with it from now on. We told{" "}
              <span className="break-all">{done.changedFrom}</span>.
            </>
          ) : (
            <>
              <strong className="break-all">{done.verified}</strong> is verified: you can invite staff and email clients.
            </>
          )}
        </p>
        <Link to="/" className={`${buttonClasses("primary")} mt-4`}>
          Continue
        </Link>
      </PublicPage>
    );
  }
  const problem = done && !done.ok ? done.problem : !data.ok ? data.problem : null;
  if (problem || !data.ok) {
    return (
      <PublicPage title={problemTitle(problem ?? "invalid")}>
        <TokenProblemText problem={problem ?? "invalid"} again={{ href: "/account/email", label: "Send a new link" }} />
      </PublicPage>
    );
  }
  return (
    <PublicPage title={data.change ? "Use this new address?" : "Verify your email address"}>
      <p className="m-0 mb-4">
        {data.change ? "Confirm that your account should use " : "Confirm that this address is yours: "}
        <strong className="break-all">{data.email}</strong>.
      </p>
      <Form method="post">
        <SubmitButton pendingLabel="Verifying…">{data.change ? "Use this address" : "Verify my address"}</SubmitButton>
      </Form>
    </PublicPage>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
