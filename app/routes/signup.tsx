import type { ActionFunctionArgs, HeadersArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";

import { Field, FormError } from "~/components/form";
import { getUser, signUp, startSession } from "~/modules/auth/auth.server";
import { SignupSchema } from "~/modules/auth/schemas";
import { formFailure, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { clientIp, consume, limitedForm, retryAfterHeaders } from "~/modules/security/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Create your agency · Onboarding links" }];

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
    const parsed = parseForm(SignupSchema, formData);
    if (!parsed.ok) return parsed.response;
    const limited = await consume("signupIp", clientIp(request));
    if (!limited.ok) return limitedForm(limited, formData);
    const result = await signUp(parsed.data);
    if (!result.ok) return formFailure({ [result.field]: [result.message] }, formData);
    return redirect(`/a/${result.agencySlug}`, { headers: { "Set-Cookie": await startSession(result.userId, request) } });
  });
}

export default function Signup() {
  const data = useActionData<typeof action>();
  const errors = data && !data.ok ? data.fieldErrors : undefined;
  const values = data && !data.ok ? data.values : {};
  return (
    <main className="narrow">
      <h1>Create your agency</h1>
      <p>You become the agency's owner. Clients never need an account.</p>
      <Form method="post" noValidate>
        <FormError message={data && !data.ok ? data.formError : undefined} />
        <Field label="Your name" name="name" autoComplete="name" defaultValue={values.name} errors={errors} required />
        <Field label="Work email" name="email" type="email" autoComplete="email" defaultValue={values.email} errors={errors} required />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          errors={errors}
          hint="At least 10 characters."
          required
        />
        <Field label="Agency name" name="agencyName" defaultValue={values.agencyName} errors={errors} required />
        <Field
          label="Hotjar account clients should invite (optional)"
          name="granteeEmail"
          type="email"
          defaultValue={values.granteeEmail}
          errors={errors}
          hint="Usually a shared address such as analytics@youragency.com. Defaults to your email."
        />
        <button type="submit">Create agency</button>
      </Form>
      <p>
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </main>
  );
}
