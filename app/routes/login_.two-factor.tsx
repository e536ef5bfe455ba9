import type { ActionFunctionArgs, HeadersArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLocation, useSearchParams } from "@remix-run/react";

import { Field, FormError } from "~/components/form";
import { SubmitButton } from "~/components/ui/button";
import { requestMeta } from "~/modules/audit/events.server";
import { getUser, recordLogin, startSession } from "~/modules/auth/auth.server";
import { verifySecondFactor } from "~/modules/auth/two-factor.server";
import { clearPendingLoginCookie, pendingLogin } from "~/modules/auth/two-factor-login.server";
import { SecondFactorCodeSchema } from "~/modules/auth/two-factor-schemas";
import { formFailure, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { safeRedirect } from "~/modules/http/safe-redirect.server";
import { consumeSecondFactorCheck, limitedForm, resetLimit, retryAfterHeaders } from "~/modules/security/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Two-factor sign-in · Onboarding links" }];

export function headers(args: HeadersArgs) {
  return retryAfterHeaders(args);
}

/** Without a password given in the last 10 minutes, back to the first step (keeping redirectTo). */
function backToLogin(request: Request) {
  const redirectTo = new URL(request.url).searchParams.get("redirectTo");
  return redirect(`/login${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`);
}

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request }: LoaderFunctionArgs) => {
    if (await getUser(request)) throw redirect("/");
    if (!(await pendingLogin(request))) throw backToLogin(request);
    return json({});
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request }: ActionFunctionArgs) => {
    const pending = await pendingLogin(request);
    if (!pending) throw backToLogin(request);
    const formData = await request.formData();
    const parsed = parseForm(SecondFactorCodeSchema, formData);
    if (!parsed.ok) return parsed.response;
    // Counted before the code is checked, per account and per address (docs/decisions/047).
    const limited = await consumeSecondFactorCheck(request, pending.userId);
    // A code typed is never sent back into the field.
    if (!limited.ok) return limitedForm(limited, new FormData());
    const now = new Date();
    const meta = requestMeta(request);
    const verified = await verifySecondFactor(pending.userId, parsed.data.code, now, meta);
    if (!verified.ok) {
      return formFailure({ code: ["That code is not right, or it was already used. Try the newest code from your app."] }, new FormData());
    }
    await resetLimit("twoFactorUser", pending.userId);
    const agencySlug = await recordLogin(pending.userId, meta, { twoFactor: verified.kind });
    const headers = new Headers();
    headers.append("Set-Cookie", await startSession(pending.userId, request, { twoFactorAt: now }));
    headers.append("Set-Cookie", await clearPendingLoginCookie());
    return redirect(safeRedirect(parsed.data.redirectTo, agencySlug ? `/a/${agencySlug}` : "/"), { headers });
  });
}

export default function LoginTwoFactor() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = data && !data.ok ? data.fieldErrors : undefined;
  // A new form after each post: a refused code does not stay in the field.
  const { key } = useLocation();
  return (
    <main className="narrow">
      <h1>Two-factor sign-in</h1>
      <p>Open your authenticator app and type the six-digit code it shows for Onboarding links.</p>
      <Form method="post" noValidate key={key}>
        <FormError message={data && !data.ok ? data.formError : undefined} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field
          label="Code"
          name="code"
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          errors={errors}
          required
          hint="No phone at hand? Type one of your recovery codes instead (each works once)."
        />
        <SubmitButton pendingLabel="Checking…">Continue</SubmitButton>
      </Form>
      <p>
        <Link to="/login">Start again with another account</Link>
      </p>
    </main>
  );
}
