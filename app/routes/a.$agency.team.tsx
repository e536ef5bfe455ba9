import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { formatDateTime } from "~/components/dates";
import { Field, FieldError, FormError } from "~/components/form";
import { requireAgencyMember } from "~/modules/agencies/agencies.server";
import { can, canGrantRole, canManageMember, type Role, ROLES } from "~/modules/agencies/permissions";
import { AppError } from "~/modules/http/errors";
import { formFailure, parseForm } from "~/modules/http/forms.server";
import { handled } from "~/modules/http/route.server";
import { cancelInvitation, inviteStaff, listPendingInvitations, resendInvitation } from "~/modules/team/invitations.server";
import { ChangeRoleSchema, InviteSchema } from "~/modules/team/schemas";
import { changeRole, listMembers, removeMember, transferOwnership } from "~/modules/team/team.server";

export async function loader(args: LoaderFunctionArgs) {
  return handled(args, async ({ request, params }: LoaderFunctionArgs) => {
    const ctx = await requireAgencyMember(request, params.agency, "team:manage");
    const [members, invitations] = await Promise.all([listMembers(ctx.agency.id), listPendingInvitations(ctx.agency.id)]);
    return json({ me: { id: ctx.user.id, role: ctx.role }, members, invitations });
  });
}

export async function action(args: ActionFunctionArgs) {
  return handled(args, async ({ request, params }: ActionFunctionArgs) => {
    const ctx = await requireAgencyMember(request, params.agency, "team:manage");
    const formData = await request.formData();
    const id = String(formData.get("id") ?? "");
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
        return json({ ok: true as const, notice: `Invitation sent to ${parsed.data.email}.` });
      }
      case "resend":
        await resendInvitation(ctx, id);
        return json({ ok: true as const, notice: "Invitation sent again: the previous link no longer works." });
      case "cancel":
        await cancelInvitation(ctx, id);
        return json({ ok: true as const, notice: "Invitation cancelled." });
      case "role": {
        const parsed = ChangeRoleSchema.safeParse(Object.fromEntries(formData));
        if (!parsed.success) throw new AppError(400, "Choose a role.");
        await changeRole(ctx, parsed.data.userId, parsed.data.role);
        return json({ ok: true as const, notice: "Role changed." });
      }
      case "remove":
        await removeMember(ctx, id);
        return json({ ok: true as const, notice: "Member removed." });
      case "transfer":
        await transferOwnership(ctx, id);
        return json({ ok: true as const, notice: "Ownership transferred: you are now an Admin." });
      default:
        throw new AppError(400, "Unknown action.");
    }
  });
}

type ActionData =
  { ok: true; notice: string } | { ok: false; fieldErrors: Record<string, string[]>; formError?: string; values: Record<string, string> };

export default function Team() {
  const { me, members, invitations } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const failure = data && !data.ok ? data : undefined;
  const myRole = me.role as Role;
  return (
    <>
      <h1>Team</h1>
      {data?.ok ? (
        <p className="notice" role="status">
          {data.notice}
        </p>
      ) : null}
      <table data-testid="members">
        <thead>
          <tr>
            <th>Member</th>
            <th>Role</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => {
            const manageable = m.user.id !== me.id && canManageMember(myRole, m.role as Role);
            return (
              <tr key={m.user.id}>
                <td>
                  {m.user.name} <span className="muted">{m.user.email}</span>
                </td>
                <td>
                  {manageable ? (
                    <Form method="post" className="inline-fields">
                      <input type="hidden" name="userId" value={m.user.id} />
                      <select name="role" defaultValue={m.role} aria-label={`Role of ${m.user.name}`}>
                        {ROLES.filter((r) => canGrantRole(myRole, r)).map((r) => (
                          <option key={r} value={r}>
                            {r.toLowerCase()}
                          </option>
                        ))}
                      </select>
                      <button type="submit" name="intent" value="role" className="small secondary">
                        Change
                      </button>
                    </Form>
                  ) : (
                    m.role.toLowerCase()
                  )}
                </td>
                <td className="actions">
                  {manageable ? (
                    <Form method="post">
                      <input type="hidden" name="id" value={m.user.id} />
                      <button type="submit" name="intent" value="remove" className="small secondary">
                        Remove
                      </button>
                    </Form>
                  ) : null}
                  {can(myRole, "team:transfer") && m.user.id !== me.id ? (
                    <Form method="post">
                      <input type="hidden" name="id" value={m.user.id} />
                      <button type="submit" name="intent" value="transfer" className="small secondary">
                        Make Owner
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2>Invite someone</h2>
      <Form method="post" noValidate className="inline-fields">
        <input type="hidden" name="intent" value="invite" />
        <FormError message={failure?.formError} />
        <Field label="Email" name="email" type="email" defaultValue={failure?.values.email} errors={failure?.fieldErrors} />
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" name="role" defaultValue={failure?.values.role ?? "MEMBER"}>
            <option value="MEMBER">Member</option>
            {canGrantRole(myRole, "ADMIN") ? <option value="ADMIN">Admin</option> : null}
          </select>
          <FieldError errors={failure?.fieldErrors} name="role" />
        </div>
        <button type="submit">Send invitation</button>
      </Form>
      <p className="hint">
        Members create and manage clients and links; Admins also manage the team and settings. Invitations work once and expire after 7
        days.
      </p>

      <h2>Pending invitations</h2>
      {invitations.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <table data-testid="invitations">
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              <th>Expires</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((i) => (
              <tr key={i.id}>
                <td>{i.email}</td>
                <td>{i.role.toLowerCase()}</td>
                <td>{i.expired ? <span className="badge badge-expired">expired</span> : formatDateTime(i.expiresAt)}</td>
                <td className="actions">
                  <Form method="post">
                    <input type="hidden" name="id" value={i.id} />
                    <button type="submit" name="intent" value="resend" className="small secondary">
                      Resend
                    </button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="id" value={i.id} />
                    <button type="submit" name="intent" value="cancel" className="small secondary">
                      Cancel
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
