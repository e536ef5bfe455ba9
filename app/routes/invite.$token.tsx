import type { ActionFunctionArgs, HeadersArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";

import { Field, FormError } from "~/components/form";
import { getUser, startSession } from "~/modules/auth/auth.server";
import { formFailure, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { clientIp, consume, limitedForm, retryAfterHeaders } from "~/modules/security/rate-limit.server";
import { acceptInvitation, loadInvitation } from "~/modules/team/invitations.server";
import { AcceptWithSignupSchema } from "~/modules/team/schemas";

export const meta: MetaFunction = () => [{ title: "Invitation" }, { name: "robots", content: "noindex" }];

export function headers(args: HeadersArgs) {
  return retryAfterHeaders(args);
}

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const invitation = await loadInvitation(params.token ?? "");
    if (!invitation) return json({ kind: "invalid" as const }, { status: 404 });
    const user = await getUser(request);
    return json(
      { kind: "invitation" as const, invitation, signedInAs: user?.email ?? null },
      { status: invitation.status === "pending" ? 200 : 410 },
    );
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const token = params.token ?? "";
    const formData = await request.formData();
    if (formData.get("intent") === "signup") {
      const parsed = parseForm(AcceptWithSignupSchema, formData);
      if (!parsed.ok) return parsed.response;
      // Accounts made from one address, counted with /signup's, before the invitation is read (docs/decisions/018).
      const limited = await consume("signupIp", clientIp(request));
      if (!limited.ok) return limitedForm(limited, formData);
      const result = await acceptInvitation(token, { signup: parsed.data });
      if (!result.ok) return formFailure({}, formData, result.status, result.message);
      return redirect(`/a/${result.agencySlug}`, { headers: { "Set-Cookie": await startSession(result.userId, request) } });
    }
    const user = await getUser(request);
    if (!user) return formFailure({}, formData, 401, "Log in first.");
    const result = await acceptInvitation(token, { userId: user.id });
    if (!result.ok) return formFailure({}, formData, result.status, result.message);
    return redirect(`/a/${result.agencySlug}`);
  });
}

const STATUS_TEXT = {
  expired: "This invitation has expired. Ask the person who invited you for a new one.",
  cancelled: "This invitation was cancelled: ask the agency for a new one.",
  accepted: "This invitation was already used.",
} as const;

export default function Invitation() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<{
    ok: false;
    fieldErrors: Record<string, string[]>;
    formError?: string;
    values: Record<string, string>;
  }>();
  const location = useLocation();
  if (data.kind === "invalid") {
    return (
      <main className="narrow">
        <h1>This invitation is not valid</h1>
        <p>Check that you opened the whole link from the email.</p>
      </main>
    );
  }
  const { invitation, signedInAs } = data;
  const role = invitation.role === "ADMIN" ? "an Admin" : "a Member";
  return (
    <main className="narrow">
      <h1>Join {invitation.agencyName}</h1>
      <FormError message={actionData?.formError} />
      {invitation.status !== "pending" ? (
        <p>{STATUS_TEXT[invitation.status]}</p>
      ) : signedInAs ? (
        signedInAs === invitation.email ? (
          <Form method="post">
            <p>
              You are invited to join {invitation.agencyName} as {role}.
            </p>
            <button type="submit" name="intent" value="accept">
              Join {invitation.agencyName}
            </button>
          </Form>
        ) : (
          <>
            <p>
              This invitation is for <strong>{invitation.email}</strong>, but you are logged in as {signedInAs}.
            </p>
            <Form method="post" action="/logout">
              <button type="submit" className="secondary">
                Log out
              </button>
            </Form>
          </>
        )
      ) : invitation.hasAccount ? (
        <p>
          You are invited as {role}.{" "}
          <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>Log in as {invitation.email}</Link> to accept.
        </p>
      ) : (
        <Form method="post" noValidate>
          <p>
            You are invited to join {invitation.agencyName} as {role}. Create your account to accept.
          </p>
          <input type="hidden" name="intent" value="signup" />
          <p>
            Email: <strong>{invitation.email}</strong>
          </p>
          <Field
            label="Your name"
            name="name"
            autoComplete="name"
            defaultValue={actionData?.values.name}
            errors={actionData?.fieldErrors}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="new-password"
            hint="At least 10 characters."
            errors={actionData?.fieldErrors}
          />
          <button type="submit">Create account and join</button>
        </Form>
      )}
    </main>
  );
}
