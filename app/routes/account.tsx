import type { ActionFunctionArgs, HeadersArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";

import { AccountFrame } from "~/components/account/account-frame";
import { formatDateTime } from "~/components/dates";
import { ErrorPage } from "~/components/error-page";
import { Field, FormError } from "~/components/form";
import { Badge } from "~/components/ui/badge";
import { buttonClasses, SubmitButton } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/layout";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { pageTitle } from "~/components/ui/title";
import { When } from "~/components/ui/when";
import { accountFrameFor } from "~/modules/agencies/account-frame.server";
import { plural } from "~/modules/audit/event-words";
import { requestMeta } from "~/modules/audit/events.server";
import { changePassword, logOutOtherSessions } from "~/modules/auth/account.server";
import { requireSession } from "~/modules/auth/auth.server";
import { ChangePasswordSchema } from "~/modules/auth/schemas";
import { listSessions } from "~/modules/auth/sessions.server";
import { describeUserAgent } from "~/modules/auth/user-agent";
import { AppError } from "~/modules/http/errors";
import { redirectWithFlash, takeFlash } from "~/modules/http/flash.server";
import { type FormFailure, formFailure, formInput, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { consumePasswordCheck, limitedForm, resetLimit, retryAfterHeaders } from "~/modules/security/rate-limit.server";

export const meta: MetaFunction = () => pageTitle("Your account");

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
    const [sessions, { agencies, frame }, { flash, headers }] = await Promise.all([
      listSessions(user.id, session.id, now),
      accountFrameFor(user.id),
      takeFlash(request),
    ]);
    return json({ user: { name: user.name, email: user.email }, sessions, agencies, frame, flash, now: now.toISOString() }, { headers });
  });
}

/** "No other session was signed in.", "1 other session was logged out.", "2 other sessions were logged out." */
function loggedOutMessage(ended: number): string {
  if (ended <= 0) return "No other session was signed in.";
  return `${plural(ended, "other session")} ${ended === 1 ? "was" : "were"} logged out.`;
}

// Both changes end on this page with a message (a toast, or a line without JavaScript).
export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request }: ActionFunctionArgs) => {
    const { user, session } = await requireSession(request);
    const formData = await request.formData();
    const intent = formData.get("intent");
    if (intent === "logOutOthers") {
      const sessionsEnded = await logOutOtherSessions(user, session.id, requestMeta(request));
      return redirectWithFlash("/account", { kind: "success", message: loggedOutMessage(sessionsEnded) });
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
      return redirectWithFlash(
        "/account",
        { kind: "success", message: `Password changed. ${loggedOutMessage(result.sessionsEnded - 1)}` },
        { headers: { "Set-Cookie": result.cookie } },
      );
    }
    throw new AppError(400, "Unknown action.");
  });
}

export default function Account() {
  const { user, sessions, agencies, frame, flash, now } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  const errors = failure?.fieldErrors;
  // A new form after each submission: password fields never keep what was typed.
  const { key: formKey } = useLocation();
  const others = sessions.length - 1;
  const page = (
    <>
      <PageHeader
        title="Your account"
        description={
          <>
            Signed in as {user.name} <span className="break-all">({user.email})</span>.
          </>
        }
      />
      <div className="flex max-w-3xl flex-col gap-6">
        {/* Each part of account security has its own page (issue 17). */}
        <nav aria-label="Account security" className="flex flex-wrap gap-2">
          <Link to="/account/email" className={buttonClasses("secondary")}>
            Email address
          </Link>
          <Link to="/account/two-factor" className={buttonClasses("secondary")}>
            Two-factor sign-in
          </Link>
        </nav>
        <Card title={<span id="sessions-heading">Your sessions</span>}>
          <section aria-labelledby="sessions-heading">
            <p className="m-0 mb-3 text-muted">
              Where this account is signed in: the device, and roughly where it was when it signed in (worked out from its network address,
              which is not kept). A session ends when you log out, after 12 hours without use, or 30 days after signing in.
            </p>
            <Table data-testid="sessions">
              <thead>
                <tr>
                  <Th>Device</Th>
                  <Th>Place</Th>
                  <Th>Signed in</Th>
                  <Th>Last active</Th>
                </tr>
              </thead>
              <tbody>
                {sessions.map((s, i) => (
                  <Tr key={i}>
                    <Td label="Device">
                      <span title={s.userAgent ?? undefined}>{describeUserAgent(s.userAgent)}</span>
                      {s.current ? <strong> (this session)</strong> : null}
                      {s.twoFactor ? (
                        <Badge tone="success" className="ml-2">
                          <abbr title="Signed in with a two-factor code" className="no-underline">
                            2FA
                          </abbr>
                        </Badge>
                      ) : null}
                    </Td>
                    <Td label="Place">{s.place ?? <span className="text-muted">Unknown</span>}</Td>
                    <Td label="Signed in">{formatDateTime(s.createdAt)}</Td>
                    <Td label="Last active">{s.current ? "now" : <When date={s.lastSeenAt} now={now} />}</Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
            {others > 0 ? (
              <Form method="post" className="mt-3">
                <SubmitButton intent="logOutOthers" variant="secondary" pendingLabel="Logging out…">
                  Log out other sessions
                </SubmitButton>
              </Form>
            ) : (
              <p className="m-0 mt-3 text-muted">This is your only session.</p>
            )}
          </section>
        </Card>

        <Card title={<span id="password-heading">Change password</span>}>
          <section aria-labelledby="password-heading">
            <Form method="post" noValidate key={formKey}>
              <FormError message={failure?.formError} />
              <Field
                label="Current password"
                name="currentPassword"
                type="password"
                autoComplete="current-password"
                errors={errors}
                required
              />
              <Field
                label="New password"
                name="newPassword"
                type="password"
                autoComplete="new-password"
                errors={errors}
                hint="At least 10 characters."
                required
              />
              <Field
                label="New password again"
                name="confirmPassword"
                type="password"
                autoComplete="new-password"
                errors={errors}
                required
              />
              <p className="hint">Changing your password logs this account out everywhere else.</p>
              <SubmitButton intent="changePassword" pendingLabel="Changing…">
                Change password
              </SubmitButton>
            </Form>
          </section>
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
