import type { ActionFunctionArgs, HeadersArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";

import { Field, FormError } from "~/components/form";
import { requestMeta } from "~/modules/audit/events.server";
import { getUser, logIn, startSession } from "~/modules/auth/auth.server";
import { LoginSchema } from "~/modules/auth/schemas";
import { pendingLoginCookie } from "~/modules/auth/two-factor-login.server";
import { formFailure, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { safeRedirect } from "~/modules/http/safe-redirect.server";
import { consumePasswordCheck, limitedForm, resetLimit, retryAfterHeaders } from "~/modules/security/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Log in · Onboarding links" }];

export function headers(args: HeadersArgs) {
  return retryAfterHeaders(args);
}

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request }: LoaderFunctionArgs) => {
    if (await getUser(request)) throw redirect("/");
    return json({});
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request }: ActionFunctionArgs) => {
    const formData = await request.formData();
    const parsed = parseForm(LoginSchema, formData);
    if (!parsed.ok) return parsed.response;
    // Counted before the password is checked, for known and unknown emails alike (docs/decisions/018).
    const limited = await consumePasswordCheck(request, parsed.data.email);
    if (!limited.ok) return limitedForm(limited, formData);
    const result = await logIn(parsed.data, requestMeta(request));
    // One message for an unknown email and a wrong password: no hint which part was wrong.
    if (!result.ok) return formFailure({}, formData, 400, "Email or password is incorrect.");
    await resetLimit("loginAccount", parsed.data.email);
    if (result.twoFactor) {
      // No session yet: the second step starts it (docs/decisions/047).
      const next = parsed.data.redirectTo ? `?redirectTo=${encodeURIComponent(parsed.data.redirectTo)}` : "";
      return redirect(`/login/two-factor${next}`, { headers: { "Set-Cookie": await pendingLoginCookie(result.userId) } });
    }
    const fallback = result.agencySlug ? `/a/${result.agencySlug}` : "/";
    return redirect(safeRedirect(parsed.data.redirectTo, fallback), {
      headers: { "Set-Cookie": await startSession(result.userId, request) },
    });
  });
}

export default function Login() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = data && !data.ok ? data.fieldErrors : undefined;
  const values = data && !data.ok ? data.values : {};
  return (
    <main className="narrow">
      <h1>Log in</h1>
      {params.get("notice") === "password-reset" ? (
        <p role="status">Your password was changed and every session was logged out. Log in with the new password.</p>
      ) : null}
      <Form method="post" noValidate>
        <FormError message={data && !data.ok ? data.formError : undefined} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={values.email} errors={errors} required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" errors={errors} required />
        <button type="submit">Log in</button>
      </Form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link to="/signup">Create your agency</Link>
      </p>
    </main>
  );
}
