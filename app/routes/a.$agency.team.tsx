import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { MailPlus } from "lucide-react";

import { Field, FieldError, FormError } from "~/components/form";
import { InvitationsTable } from "~/components/team/invitations-table";
import { MembersTable } from "~/components/team/members-table";
import { askedQuestion } from "~/components/team/questions";
import { buttonClasses, SubmitButton } from "~/components/ui/button";
import { ConfirmForm } from "~/components/ui/confirm-form";
import { Card, EmptyState, PageHeader } from "~/components/ui/layout";
import { agencyNameFrom, pageTitle } from "~/components/ui/title";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { canGrantRole, type Role } from "~/modules/agencies/permissions";
import { plural } from "~/modules/audit/event-words";
import { requireSession } from "~/modules/auth/auth.server";
import { requireRecentAuth } from "~/modules/auth/reauth.server";
import { usersWithTwoFactor } from "~/modules/auth/two-factor.server";
import { askToConfirm, type ConfirmationRequest } from "~/modules/http/confirm.server";
import { AppError } from "~/modules/http/errors";
import { redirectWithFlash } from "~/modules/http/flash.server";
import { type FormFailure, formFailure, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { cancelInvitation, inviteStaff, listPendingInvitations, resendInvitation } from "~/modules/team/invitations.server";
import { roleWithArticle } from "~/modules/team/roles";
import { ChangeRoleSchema, InviteSchema } from "~/modules/team/schemas";
import {
  changeRole,
  listMembers,
  needsRecentAuth,
  removeMember,
  type SensitiveChange,
  transferOwnership,
} from "~/modules/team/team.server";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("Team", agencyNameFrom(matches));

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const ctx = await requireAgencyMember(request, params.agency, "team:manage");
    const now = new Date();
    const [members, invitations] = await Promise.all([listMembers(ctx.agency.id), listPendingInvitations(ctx.agency.id, now)]);
    const twoFactor = await usersWithTwoFactor(members.map((m) => m.user.id));
    return json({
      twoFactorUserIds: [...twoFactor],
      requireTwoFactor: ctx.agency.requireTwoFactor,
      me: { id: ctx.user.id, name: ctx.user.name, role: ctx.role },
      agencyName: ctx.agency.name,
      members,
      invitations,
      now: now.toISOString(),
    });
  });
}

// Every change ends on the team page with a message; what cannot be undone (a hand-over, a second
// Owner, a removal, a withdrawn invitation) is asked first (askToConfirm) and changes nothing
// until confirmed. The rules themselves stay in team.server.ts and invitations.server.ts.
export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const ctx = await requireAgencyMember(request, params.agency, "team:manage");
    const formData = await request.formData();
    const id = String(formData.get("id") ?? "");
    const done = (message: string) => redirectWithFlash(`/a/${ctx.agency.slug}/team`, { kind: "success", message });
    // The most sensitive changes want a fresh password first: without it, off to /reauth and back
    // to this page, nothing changed (docs/decisions/048).
    const sensitive = async (change: SensitiveChange) => {
      if (await needsRecentAuth(ctx, change)) await requireRecentAuth(request, await requireSession(request));
    };
    switch (formData.get("intent")) {
      case "invite": {
        const parsed = parseForm(InviteSchema, formData);
        if (!parsed.ok) return parsed.response;
        const result = await inviteStaff(ctx, parsed.data);
        if (!result.ok) {
          const failure = formFailure({ [result.field]: [result.message] }, formData, result.status ?? 400);
          if (result.retryAfterSeconds) failure.headers.set("Retry-After", String(result.retryAfterSeconds));
          return failure;
        }
        return done(`Invitation sent to ${parsed.data.email}.`);
      }
      case "resend": {
        const { email } = await resendInvitation(ctx, id);
        return done(`Invitation sent again to ${email}: the previous link no longer works.`);
      }
      case "cancel": {
        const ask = askToConfirm(formData);
        if (ask) return ask;
        const { email } = await cancelInvitation(ctx, id);
        return done(`Invitation to ${email} withdrawn: its link no longer works.`);
      }
      case "role": {
        const parsed = ChangeRoleSchema.safeParse(Object.fromEntries(formData));
        if (!parsed.success) throw new AppError(400, "Choose a role.");
        await sensitive({ kind: "role", userId: parsed.data.userId, role: parsed.data.role });
        if (parsed.data.role === "OWNER") {
          const ask = askToConfirm(formData);
          if (ask) return ask;
        }
        const { name, changed } = await changeRole(ctx, parsed.data.userId, parsed.data.role);
        const role = roleWithArticle(parsed.data.role);
        return done(changed ? `${name} is now ${role}.` : `${name} already is ${role}: nothing changed.`);
      }
      case "remove": {
        await sensitive({ kind: "remove", userId: id });
        const ask = askToConfirm(formData);
        if (ask) return ask;
        const { name } = await removeMember(ctx, id);
        return done(`${name} was removed from the team.`);
      }
      case "transfer": {
        await sensitive({ kind: "transfer" });
        const ask = askToConfirm(formData);
        if (ask) return ask;
        const { name } = await transferOwnership(ctx, id);
        return done(`${name} is now the Owner; you are an Admin.`);
      }
      default:
        throw new AppError(400, "Unknown action.");
    }
  });
}

export default function Team() {
  const { me, agencyName, members, invitations, now, twoFactorUserIds, requireTwoFactor } = useLoaderData<typeof loader>();
  const data = useActionData<FormFailure | ConfirmationRequest>();
  const failure = data && "ok" in data && !data.ok ? data : undefined;
  const confirmation = data && "confirmation" in data ? data.confirmation : undefined;
  const question = askedQuestion(confirmation, { members, invitations, me, agencyName });
  const myRole = me.role as Role;
  return (
    <>
      <PageHeader title="Team" description={`${plural(members.length, "member")} · ${plural(invitations.length, "pending invitation")}`} />
      {/* Without JavaScript the server asks here, at the top of the page it answers with. */}
      {question ? <ConfirmForm {...question} /> : null}

      <MembersTable
        members={members}
        me={{ ...me, role: myRole }}
        agencyName={agencyName}
        confirmation={confirmation}
        twoFactor={{ userIds: twoFactorUserIds, required: requireTwoFactor }}
      />
      <p className="hint mt-3">
        Members create and manage clients and links. Admins also manage the team and the settings. Owners also hand over ownership.
      </p>

      <Card title="Invite someone" className="mt-6">
        <div id="invite">
          <Form method="post" noValidate className="flex flex-col gap-1 md:flex-row md:flex-wrap md:items-start md:gap-3">
            <FormError message={failure?.formError} />
            <div className="md:w-96">
              <Field label="Email" name="email" type="email" defaultValue={failure?.values.email} errors={failure?.fieldErrors} />
            </div>
            <div className="field">
              <label htmlFor="invite-role">Role</label>
              <select id="invite-role" name="role" defaultValue={failure?.values.role ?? "MEMBER"} className="min-h-touch md:w-auto">
                <option value="MEMBER">Member</option>
                {canGrantRole(myRole, "ADMIN") ? <option value="ADMIN">Admin</option> : null}
              </select>
              <FieldError errors={failure?.fieldErrors} name="role" />
            </div>
            <div className="md:pt-7">
              <SubmitButton intent="invite" pendingLabel="Sending…">
                Send invitation
              </SubmitButton>
            </div>
          </Form>
          <p className="hint mb-0 mt-3">An invitation works once and expires after 7 days; you can send a new link from the list below.</p>
        </div>
      </Card>

      <h2>Pending invitations</h2>
      {invitations.length === 0 ? (
        <EmptyState
          icon={MailPlus}
          title="No pending invitations"
          action={
            <a href="#field-email" className={buttonClasses("secondary")}>
              Invite someone
            </a>
          }
        >
          Invite a colleague above: they get an email with a link to join {agencyName}.
        </EmptyState>
      ) : (
        <InvitationsTable invitations={invitations} now={now} confirmation={confirmation} />
      )}
    </>
  );
}
