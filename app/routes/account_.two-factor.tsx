import type { ActionFunctionArgs, HeadersArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";

import { AccountFrame } from "~/components/account/account-frame";
import { RecoveryCodes, SecretText } from "~/components/account/two-factor";
import { ErrorPage } from "~/components/error-page";
import { Field, FormError } from "~/components/form";
import { Badge } from "~/components/ui/badge";
import { buttonClasses, SubmitButton } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/layout";
import { pageTitle } from "~/components/ui/title";
import { accountFrameFor } from "~/modules/agencies/account-frame.server";
import { plural } from "~/modules/audit/event-words";
import { requestMeta } from "~/modules/audit/events.server";
import { requireSession } from "~/modules/auth/auth.server";
import { requireRecentAuth } from "~/modules/auth/reauth.server";
import {
  agenciesRequiringTwoFactor,
  confirmSetup,
  currentSetup,
  disableTwoFactor,
  groupSecret,
  pendingSetup,
  regenerateRecoveryCodes,
  twoFactorStatus,
} from "~/modules/auth/two-factor.server";
import { SecondFactorCodeSchema } from "~/modules/auth/two-factor-schemas";
import { AppError } from "~/modules/http/errors";
import { redirectWithFlash, takeFlash } from "~/modules/http/flash.server";
import { type FormFailure, formFailure, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { consumeSecondFactorCheck, limitedForm, resetLimit, retryAfterHeaders } from "~/modules/security/rate-limit.server";

// Two-factor sign-in for the signed-in account (docs/decisions/047): set up with a QR code or the
// key as text, confirmed by a first code; recovery codes shown once; new codes and turning it off
// need a current code.

export const meta: MetaFunction = () => pageTitle("Two-factor sign-in");

export function headers(args: HeadersArgs) {
  const headers = retryAfterHeaders(args);
  // The setup key and recovery codes are on this page: no cache keeps it.
  headers.set("Cache-Control", "no-store");
  return headers;
}

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request }: LoaderFunctionArgs) => {
    const { user } = await requireSession(request);
    const [status, requiredBy, { agencies, frame }, { flash, headers }] = await Promise.all([
      twoFactorStatus(user.id),
      agenciesRequiringTwoFactor(user.id),
      accountFrameFor(user.id),
      takeFlash(request),
    ]);
    // GET changes nothing: the secret is made by the "Set up" button's POST.
    const setup = status.enabled ? null : await currentSetup(user);
    // The agency page the member was sent from, to go back to once it is on.
    const from = requiredBy.find((a) => a.slug === new URL(request.url).searchParams.get("agency")) ?? requiredBy[0] ?? null;
    return json(
      {
        user: { name: user.name, email: user.email },
        status: { enabled: status.enabled, enabledAt: status.enabledAt, recoveryCodesLeft: status.recoveryCodesLeft },
        setup: setup ? { secret: setup.secret, grouped: groupSecret(setup.secret), qrSvg: setup.qrSvg } : null,
        requiredBy,
        from,
        agencies,
        frame,
        flash,
      },
      { headers },
    );
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request }: ActionFunctionArgs) => {
    const signedIn = await requireSession(request);
    const { user } = signedIn;
    const formData = await request.formData();
    const intent = formData.get("intent");
    if (intent === "start") {
      if (!(await twoFactorStatus(user.id)).enabled) await pendingSetup(user);
      // Back to the page (keeping ?agency=), which now shows the QR code.
      const url = new URL(request.url);
      return redirect(url.pathname + url.search);
    }
    if (intent !== "enable" && intent !== "regenerate" && intent !== "disable") throw new AppError(400, "Unknown action.");
    // Changing a working second factor wants a fresh password or code too (docs/decisions/048).
    if (intent !== "enable") await requireRecentAuth(request, signedIn);
    const parsed = parseForm(SecondFactorCodeSchema, formData);
    if (!parsed.ok) return parsed.response;
    // A code typed here can be guessed as at login: the same budgets (docs/decisions/047).
    const limited = await consumeSecondFactorCheck(request, user.id);
    if (!limited.ok) return limitedForm(limited, intentOnly(intent));
    const meta = requestMeta(request);
    const now = new Date();
    if (intent === "disable") {
      const result = await disableTwoFactor(user, parsed.data.code, now, meta);
      if (!result.ok) return formFailure({ code: [result.message] }, intentOnly(intent));
      await resetLimit("twoFactorUser", user.id);
      return redirectWithFlash("/account/two-factor", { kind: "success", message: "Two-factor sign-in is off." });
    }
    const result =
      intent === "enable"
        ? await confirmSetup(user, parsed.data.code, now, meta)
        : await regenerateRecoveryCodes(user, parsed.data.code, now, meta);
    if (!result.ok) return formFailure({ code: [result.message] }, intentOnly(intent));
    await resetLimit("twoFactorUser", user.id);
    // Data, not a redirect: the codes are shown this once and kept nowhere in clear.
    return json({ ok: true as const, intent, recoveryCodes: result.recoveryCodes });
  });
}

/** A failure names the form it answers (the code itself is never sent back). */
function intentOnly(intent: string): FormData {
  const formData = new FormData();
  formData.set("intent", intent);
  return formData;
}

type Done = { ok: true; intent: "enable" | "regenerate"; recoveryCodes: string[] };

export default function AccountTwoFactor() {
  const { user, status, setup, requiredBy, from, agencies, frame, flash } = useLoaderData<typeof loader>();
  const data = useActionData<Done | FormFailure>();
  const failure = data && !data.ok ? data : undefined;
  const done = data?.ok ? data : undefined;
  // A new form after each post: a code is never typed twice.
  const { key } = useLocation();
  // Each form its own field id, and the error only under the form that was sent.
  const failed = (intent: string) => (failure && (failure.values.intent ?? "enable") === intent ? failure : undefined);
  const codeField = (intent: string, hint?: string) => (
    <Field
      id={`${intent}-code`}
      label="Code from your app"
      name="code"
      inputMode="text"
      autoComplete="one-time-code"
      autoCapitalize="none"
      spellCheck={false}
      errors={failed(intent)?.fieldErrors}
      hint={hint}
      required
    />
  );
  const page = (
    <>
      <PageHeader
        title="Two-factor sign-in"
        description={
          <>
            A code from an authenticator app on your phone, asked after your password. <Link to="/account">Back to your account</Link>
          </>
        }
      />
      <div className="flex max-w-3xl flex-col gap-6">
        {requiredBy.length > 0 && !status.enabled ? (
          <p role="status" className="m-0 rounded-md bg-warn-soft px-4 py-3" data-testid="two-factor-required">
            <strong>{requiredBy.map((a) => a.name).join(", ")}</strong> {requiredBy.length === 1 ? "requires" : "require"} two-factor
            sign-in for every member. Turn it on to continue to {requiredBy.length === 1 ? "its" : "their"} pages.
          </p>
        ) : null}

        {done ? (
          <Card title={done.intent === "enable" ? "Two-factor sign-in is on" : "New recovery codes"}>
            <RecoveryCodes codes={done.recoveryCodes} />
            {from ? (
              <p className="m-0 mt-4">
                <Link to={`/a/${from.slug}`} className={buttonClasses("primary")}>
                  Continue to {from.name}
                </Link>
              </p>
            ) : null}
          </Card>
        ) : null}

        {status.enabled ? (
          <>
            <Card title="Status">
              <p className="m-0 flex flex-wrap items-center gap-2" data-testid="two-factor-status">
                <Badge tone="success">On</Badge>
                <span>Your sign-in asks for a code after your password. {plural(status.recoveryCodesLeft, "recovery code")} left.</span>
              </p>
            </Card>
            <Card title="New recovery codes">
              <Form method="post" noValidate key={`regenerate-${key}`}>
                <FormError message={failed("regenerate")?.formError} />
                {codeField("regenerate", "Your old recovery codes stop working. A recovery code works here too.")}
                <SubmitButton intent="regenerate" variant="secondary" pendingLabel="Making codes…">
                  Make new recovery codes
                </SubmitButton>
              </Form>
            </Card>
            <Card title="Turn off two-factor sign-in">
              <Form method="post" noValidate key={`disable-${key}`}>
                <FormError message={failed("disable")?.formError} />
                {codeField("disable", "Your password alone will sign you in again. A recovery code works here too.")}
                <SubmitButton intent="disable" variant="danger" pendingLabel="Turning off…">
                  Turn off two-factor sign-in
                </SubmitButton>
              </Form>
            </Card>
          </>
        ) : setup ? (
          <Card title="Set it up">
            <ol className="m-0 flex flex-col gap-4 pl-5">
              <li>
                Scan this QR code with an authenticator app (1Password, Google Authenticator, Microsoft Authenticator…).
                {/* Made on the server from our own otpauth URI: nothing of the user's is in it but their email. */}
                <div
                  className="mt-2 h-48 w-48 rounded-md border border-solid border-line bg-white p-1"
                  role="img"
                  aria-label="QR code for your authenticator app"
                  dangerouslySetInnerHTML={{ __html: setup.qrSvg }}
                />
              </li>
              <li>
                Or type this key into the app instead:
                <div className="mt-2">
                  <SecretText grouped={setup.grouped} secret={setup.secret} />
                </div>
              </li>
              <li>
                Type the six-digit code the app shows:
                <Form method="post" noValidate key={`enable-${key}`} className="mt-2">
                  <FormError message={failed("enable")?.formError} />
                  {codeField("enable")}
                  <SubmitButton intent="enable" pendingLabel="Checking…">
                    Turn on two-factor sign-in
                  </SubmitButton>
                </Form>
              </li>
            </ol>
          </Card>
        ) : (
          <Card title="Set it up">
            <p className="m-0">
              You need an authenticator app on your phone (1Password, Google Authenticator, Microsoft Authenticator…). We show a QR code to
              scan, then ask for the first code it makes.
            </p>
            <Form method="post" className="mt-3">
              <SubmitButton intent="start" pendingLabel="Preparing…">
                Set up two-factor sign-in
              </SubmitButton>
            </Form>
          </Card>
        )}
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
