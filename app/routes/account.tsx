import type { ActionFunctionArgs, HeadersArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";

import { formatDateTime, relative } from "~/components/dates";
import { ErrorPage } from "~/components/error-page";
import { Field, FormError } from "~/components/form";
import { requestMeta } from "~/modules/audit/events.server";
import { changePassword, logOutOtherSessions } from "~/modules/auth/account.server";
import { requireSession } from "~/modules/auth/auth.server";
import { ChangePasswordSchema } from "~/modules/auth/schemas";
import { listSessions } from "~/modules/auth/sessions.server";
import { describeUserAgent } from "~/modules/auth/user-agent";
import { AppError } from "~/modules/http/errors";
import { type FormFailure, formFailure, formInput, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { consumePasswordCheck, limitedForm, resetLimit, retryAfterHeaders } from "~/modules/security/rate-limit.server";
import { listUserAgencies } from "~/modules/team/team.server";

export const meta: MetaFunction = () => [{ title: "Your account · Onboarding links" }];

// The page lists where the account is signed in: no cache keeps it. A limited password change
// passes its Retry-After on.
export function headers(args: HeadersArgs) {
  const headers = retryAfterHeaders(args);
  headers.set("Cache-Control", "no-store");
  return headers;
}

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request }: LoaderFunctionArgs) => {
    const { user, session } = await requireSession(request);
    const now = new Date();
    const [sessions, agencies] = await Promise.all([listSessions(user.id, session.id, now), listUserAgencies(user.id)]);
    // Set by the redirect after a password change: how many other sessions it ended.
    const changed = new URL(request.url).searchParams.get("passwordChanged");
    const passwordChanged = changed && /^\d{1,3}$/.test(changed) ? Number(changed) : null;
    return json({ user: { name: user.name, email: user.email }, sessions, agencies, passwordChanged, now: now.toISOString() });
  });
}

type Done = { ok: true; done: "loggedOutOthers"; sessionsEnded: number };

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request }: ActionFunctionArgs) => {
    const { user, session } = await requireSession(request);
    const formData = await request.formData();
    const intent = formData.get("intent");
    if (intent === "logOutOthers") {
      const sessionsEnded = await logOutOtherSessions(user, session.id, requestMeta(request));
      return json<Done>({ ok: true, done: "loggedOutOthers", sessionsEnded });
    }
    if (intent === "changePassword") {
      // Every field is a password: a failure sends none of them back.
      const parsed = parseForm(ChangePasswordSchema, new FormData(), formInput(formData));
      if (!parsed.ok) return parsed.response;
      // The current password can be guessed here as at login: the same budgets (docs/decisions/018).
      const limited = await consumePasswordCheck(request, user.email);
      if (!limited.ok) return limitedForm(limited, new FormData());
      const result = await changePassword(user, parsed.data, requestMeta(request));
      if (!result.ok) return formFailure(result.fieldErrors, new FormData());
      await resetLimit("loginAccount", user.email);
      // Every session ended, this one too: the browser carries on with the new one. A redirect,
      // not data: without JavaScript the loaders would otherwise run with the ended session.
      return redirect(`/account?passwordChanged=${result.sessionsEnded - 1}`, { headers: { "Set-Cookie": result.cookie } });
    }
    throw new AppError(400, "Unknown action.");
  });
}

export default function Account() {
  const { user, sessions, agencies, passwordChanged, now } = useLoaderData<typeof loader>();
  const data = useActionData<Done | FormFailure>();
  const errors = data && !data.ok ? data.fieldErrors : undefined;
  // A new form after each submission: password fields never keep what was typed.
  const { key: formKey } = useLocation();
  const others = sessions.length - 1;
  return (
    <main className="narrow">
      <nav aria-label="Your agencies">
        {agencies.map((a, i) => (
          <span key={a.slug}>
            {i > 0 ? " · " : ""}
            <Link to={`/a/${a.slug}`}>{a.name}</Link>
          </span>
        ))}
      </nav>
      <h1>Your account</h1>
      <p>
        Signed in as {user.name} <span className="muted">({user.email})</span>.
      </p>

      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Your sessions</h2>
        {data?.ok && data.done === "loggedOutOthers" ? (
          <p className="notice" role="status">
            {loggedOutMessage(data.sessionsEnded)}
          </p>
        ) : null}
        <p className="muted">
          Where this account is signed in. A session ends when you log out, after 12 hours without use, or 30 days after signing in.
        </p>
        <table data-testid="sessions">
          <thead>
            <tr>
              <th>Browser</th>
              <th>Signed in</th>
              <th>Last active</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s, i) => (
              <tr key={i}>
                <td>
                  <span title={s.userAgent ?? undefined}>{describeUserAgent(s.userAgent)}</span>
                  {s.current ? (
                    <>
                      {" "}
                      <strong>(this session)</strong>
                    </>
                  ) : null}
                </td>
                <td>{formatDateTime(s.createdAt)}</td>
                <td>{s.current ? "now" : relative(s.lastSeenAt, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {others > 0 ? (
          <Form method="post">
            <button type="submit" name="intent" value="logOutOthers" className="secondary">
              Log out other sessions
            </button>
          </Form>
        ) : (
          <p className="muted">This is your only session.</p>
        )}
      </section>

      <section aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        {passwordChanged !== null && !data ? (
          <p className="notice" role="status">
            Password changed. {loggedOutMessage(passwordChanged)}
          </p>
        ) : null}
        <Form method="post" noValidate key={formKey}>
          <input type="hidden" name="intent" value="changePassword" />
          <FormError message={data && !data.ok ? data.formError : undefined} />
          <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" errors={errors} required />
          <Field
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            errors={errors}
            hint="At least 10 characters."
            required
          />
          <Field label="New password again" name="confirmPassword" type="password" autoComplete="new-password" errors={errors} required />
          <p className="hint">Changing your password logs this account out everywhere else.</p>
          <button type="submit">Change password</button>
        </Form>
      </section>

      <Form method="post" action="/logout">
        <button type="submit" className="secondary">
          Log out
        </button>
      </Form>
    </main>
  );
}

function loggedOutMessage(ended: number): string {
  if (ended <= 0) return "No other session was signed in.";
  return ended === 1 ? "1 other session was logged out." : `${ended} other sessions were logged out.`;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
