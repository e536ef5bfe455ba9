// Issue 17, items 1 and 2 (docs/decisions/046): forgot password through the worker and the
// Mailbox, the reset link's rules, verified addresses, the gate on what emails for the agency,
// and a change of address. Routes are called as Remix calls them; the database is real.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { addHours } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";

import { agencyContextFor } from "~/modules/agencies/agencies.server";
import { changePassword } from "~/modules/auth/account.server";
import { startSession } from "~/modules/auth/auth.server";
import { requestEmailChange } from "~/modules/auth/email-verification.server";
import { validateSession } from "~/modules/auth/sessions.server";
import { db } from "~/modules/db/db.server";
import { sendLinkByEmail } from "~/modules/email/staff.server";
import { createMailboxTransport } from "~/modules/email/transports.server";
import { runWorkerCycle } from "~/modules/email/worker.server";
import { inviteStaff, resendInvitation } from "~/modules/team/invitations.server";
import { loader as agencyLoader } from "~/routes/a.$agency";
import { action as emailAction } from "~/routes/account_.email";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as loginAction } from "~/routes/login";
import { action as resetAction, loader as resetLoader } from "~/routes/reset-password.$token";
import { action as verifyAction, loader as verifyLoader } from "~/routes/verify-email.$token";

import { makeAgency, makeClient, makeLink, markEmailVerified, META, type TestAgency } from "./helpers";

const ORIGIN = "http://localhost:3000";
const NEW_PASSWORD = "a brand new password";
let ipCounter = 0;
/** Each test its own network address: the per-IP limits stay out of the way of the others. */
const freshIp = () => `198.51.100.${++ipCounter}`;

function request(path: string, options: { cookie?: string | null; form?: Record<string, string>; ip?: string } = {}): Request {
  const headers: Record<string, string> = {
    "user-agent": META.userAgent,
    "x-portal-client-ip": options.ip ?? META.ip,
    Origin: ORIGIN,
  };
  if (options.cookie) headers.Cookie = options.cookie.split(";")[0]!;
  return options.form
    ? new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: new URLSearchParams(options.form) })
    : new Request(`${ORIGIN}${path}`, { headers });
}
const args = (r: Request, params: Record<string, string> = {}) =>
  ({ request: r, params, context: {} }) as LoaderFunctionArgs & ActionFunctionArgs;
/** A thrown Response (redirects, AppErrors) or the returned one. */
const settle = (p: Promise<unknown>) => (p as Promise<Response>).catch((e: unknown) => (e instanceof Response ? e : Promise.reject(e)));
const idOf = (setCookie: string) => setCookie.split(";")[0]!.split("=")[1]!;

const worker = (now = new Date()) => runWorkerCycle(createMailboxTransport(), now, false);

/** The newest Mailbox message to `to` with `subject`, and the token of its link under `path`. */
async function linkInMailbox(to: string, path: "reset-password" | "verify-email") {
  const message = await db.mailboxMessage.findFirst({ where: { to, text: { contains: `/${path}/` } }, orderBy: { createdAt: "desc" } });
  if (!message) return null;
  const token = new RegExp(`/${path}/([^\\s"<>)\\]]+)`).exec(message.text)?.[1];
  return { message, token: token! };
}

async function forgot(email: string, ip = freshIp()) {
  return settle(forgotAction(args(request("/forgot-password", { form: { email }, ip }))));
}

async function resetPage(token: string) {
  const response = await settle(resetLoader(args(request(`/reset-password/${token}`), { token })));
  return { status: response.status, body: (await response.json()) as { ok: boolean; problem?: string } };
}

async function submitReset(token: string, password = NEW_PASSWORD) {
  return settle(
    resetAction(args(request(`/reset-password/${token}`, { form: { newPassword: password, confirmPassword: password } }), { token })),
  );
}

/** A reset link for `owner`, as the worker emails it. */
async function resetLink(owner: TestAgency) {
  await forgot(owner.email);
  await worker();
  return (await linkInMailbox(owner.email, "reset-password"))!.token;
}

describe("forgot password", () => {
  let owner: TestAgency;
  beforeAll(async () => {
    owner = await makeAgency("Reset Agency");
  });

  it("answers a known and an unknown address alike, and only the known one gets an email after a worker cycle", async () => {
    const unknown = `nobody-${Date.now()}@agency.example`;
    const requestsBefore = await db.passwordResetRequest.count();
    const known = await forgot(owner.email);
    const other = await forgot(unknown);
    expect(known.status).toBe(303);
    expect(other.status).toBe(known.status);
    expect(other.headers.get("Location")).toBe(known.headers.get("Location"));
    expect(await other.text()).toBe(await known.text());
    // One row each, whoever has the address: the work is the same.
    expect(await db.passwordResetRequest.count()).toBe(requestsBefore + 2);
    expect(await db.outboundEmail.count({ where: { template: "password-reset", to: { in: [owner.email, unknown] } } })).toBe(0);

    await worker();
    const email = await linkInMailbox(owner.email, "reset-password");
    expect(email?.message.subject).toBe("Reset your password");
    expect(email?.message.readers).toBe("ADDRESSEE");
    expect(await db.outboundEmail.count({ where: { to: unknown } })).toBe(0);
    expect(await db.passwordResetRequest.count({ where: { processedAt: null } })).toBe(0);
  });

  it("a new password with the link: every session ends, the link is used, an audit event, and the new password logs in", async () => {
    const token = await resetLink(owner);
    const sessions = [await startSession(owner.userId), await startSession(owner.userId)];
    expect((await resetPage(token)).body).toMatchObject({ ok: true });

    const response = await submitReset(token);
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/login?notice=password-reset");
    for (const cookie of sessions) expect(await validateSession(idOf(cookie))).toBeNull();
    expect(
      await db.event.count({ where: { agencyId: owner.agencyId, type: "auth.password_changed", details: { contains: "password_reset" } } }),
    ).toBe(1);
    const login = await settle(
      loginAction(args(request("/login", { form: { email: owner.email, password: NEW_PASSWORD, redirectTo: "" } }))),
    );
    expect(login.status).toBe(302);

    // Replayed: the page says it was used, and nothing changes.
    expect(await resetPage(token)).toEqual({ status: 410, body: { ok: false, problem: "used" } });
    expect((await submitReset(token, "yet another password")).status).toBe(410);
  });

  it("two passwords that differ are refused, and the link stays usable", async () => {
    const token = await resetLink(owner);
    const response = await settle(
      resetAction(
        args(request(`/reset-password/${token}`, { form: { newPassword: NEW_PASSWORD, confirmPassword: "something else entirely" } }), {
          token,
        }),
      ),
    );
    expect(response.status).toBe(400);
    expect((await resetPage(token)).body).toMatchObject({ ok: true });
  });

  it("a superseded, an expired and a forged link each say so", async () => {
    // Its own account: "forgot password" allows 3 requests per address and hour.
    const owner = await makeAgency("Dead Links Agency");
    const first = await resetLink(owner);
    const second = await resetLink(owner);
    expect(await resetPage(first)).toEqual({ status: 410, body: { ok: false, problem: "superseded" } });
    expect((await resetPage(second)).body).toMatchObject({ ok: true });

    await db.accountToken.updateMany({
      where: { userId: owner.userId, usedAt: null, supersededAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await resetPage(second)).toEqual({ status: 410, body: { ok: false, problem: "expired" } });
    expect((await submitReset(second)).status).toBe(410);

    const forged = `${second.slice(0, -4)}AAAA`;
    expect(await resetPage(forged)).toEqual({ status: 404, body: { ok: false, problem: "invalid" } });
  });

  it("a password changed on the account page ends the reset links sent before", async () => {
    const owner = await makeAgency("Changed Mind Agency");
    const token = await resetLink(owner);
    const changed = await changePassword(
      { id: owner.userId, email: owner.email },
      { currentPassword: "correct horse battery", newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
    );
    expect(changed.ok).toBe(true);
    expect(await resetPage(token)).toEqual({ status: 410, body: { ok: false, problem: "superseded" } });
    expect((await submitReset(token, "the attacker's password")).status).toBe(410);
  });

  it("handled requests are forgotten after a day, unknown addresses too", async () => {
    const address = `forgotten-${Date.now()}@agency.example`;
    await forgot(address);
    await worker();
    expect(await db.passwordResetRequest.count({ where: { email: address } })).toBe(1);
    await worker(addHours(new Date(), 25));
    expect(await db.passwordResetRequest.count({ where: { email: address } })).toBe(0);
  });

  it("is rate limited per address and per network address, known or not", async () => {
    const address = `limited-${Date.now()}@agency.example`;
    for (let i = 0; i < 3; i++) expect((await forgot(address)).status).toBe(303);
    const refused = await forgot(address);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBeTruthy();

    const ip = freshIp();
    for (let i = 0; i < 20; i++) expect((await forgot(`probe-${i}-${Date.now()}@agency.example`, ip)).status).toBe(303);
    expect((await forgot(`probe-last-${Date.now()}@agency.example`, ip)).status).toBe(429);
  });
});

describe("verified email addresses", () => {
  let owner: TestAgency;
  let slug: string;
  beforeAll(async () => {
    owner = await makeAgency("Unverified Agency", { verified: false });
    slug = (await db.agency.findUniqueOrThrow({ where: { id: owner.agencyId } })).slug;
  });

  it("sign-up queues a verification email; until verified the frame shows the banner", async () => {
    expect(await db.outboundEmail.count({ where: { to: owner.email, template: "verify-email" } })).toBe(1);
    const cookie = await startSession(owner.userId);
    const frame = await settle(agencyLoader(args(request(`/a/${slug}`, { cookie }), { agency: slug })));
    expect(await frame.json()).toMatchObject({ unverified: { email: owner.email } });
  });

  it("refuses inviting staff and emailing clients until verified, writing nothing", async () => {
    const user = { id: owner.userId, email: owner.email, name: "Olivia Owner" };
    const ctx = await agencyContextFor(user, slug, "team:manage");
    expect(await inviteStaff(ctx, { email: "new-hire@agency.example", role: "MEMBER" })).toMatchObject({ ok: false, status: 403 });
    expect(await db.staffInvitation.count({ where: { agencyId: owner.agencyId } })).toBe(0);

    const link = await makeLink(owner, (await makeClient(owner)).id);
    await expect(sendLinkByEmail(owner.agencyId, link.id, owner.actor)).rejects.toMatchObject({ status: 403 });
    expect(await db.outboundEmail.count({ where: { agencyId: owner.agencyId, linkId: link.id } })).toBe(0);
    expect((await db.onboardingLink.findUniqueOrThrow({ where: { id: link.id } })).sentAt).toBeNull();
    expect(await db.event.count({ where: { agencyId: owner.agencyId, type: { in: ["link.sent", "team.invited"] } } })).toBe(0);
  });

  it("the emailed link verifies the address (a GET changes nothing), then the same actions work", async () => {
    await worker();
    const { token } = (await linkInMailbox(owner.email, "verify-email"))!;
    const page = await settle(verifyLoader(args(request(`/verify-email/${token}`), { token })));
    expect(await page.json()).toMatchObject({ ok: true, email: owner.email, change: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: owner.userId } })).emailVerifiedAt).toBeNull();

    const done = await settle(verifyAction(args(request(`/verify-email/${token}`, { form: {} }), { token })));
    expect(await done.json()).toMatchObject({ ok: true, verified: owner.email, changedFrom: null });
    expect((await db.user.findUniqueOrThrow({ where: { id: owner.userId } })).emailVerifiedAt).not.toBeNull();

    const cookie = await startSession(owner.userId);
    const frame = await settle(agencyLoader(args(request(`/a/${slug}`, { cookie }), { agency: slug })));
    expect(await frame.json()).toMatchObject({ unverified: null });
    const ctx = await agencyContextFor({ id: owner.userId, email: owner.email, name: "Olivia Owner" }, slug, "team:manage");
    const invited = await inviteStaff(ctx, { email: "new-hire@agency.example", role: "MEMBER" });
    expect(invited).toMatchObject({ ok: true });
    if (invited.ok) await expect(resendInvitation(ctx, invited.invitationId)).resolves.toMatchObject({ email: "new-hire@agency.example" });
    expect(await db.staffInvitation.count({ where: { agencyId: owner.agencyId } })).toBe(1);
    // Replayed: used.
    const again = await settle(verifyLoader(args(request(`/verify-email/${token}`), { token })));
    expect(again.status).toBe(410);
  });

  it("'Send it again' mails a new link (the old one dies) and is rate limited", async () => {
    const other = await makeAgency("Resend Agency", { verified: false });
    const cookie = await startSession(other.userId);
    const resend = () => settle(emailAction(args(request("/account/email", { cookie, form: { intent: "resend", redirectTo: "/a/x" } }))));
    await worker();
    const first = (await linkInMailbox(other.email, "verify-email"))!.token;
    for (let i = 0; i < 3; i++) expect((await resend()).headers.get("Location")).toBe("/a/x");
    expect(await db.outboundEmail.count({ where: { to: other.email, template: "verify-email" } })).toBe(4);
    await resend();
    expect(await db.outboundEmail.count({ where: { to: other.email, template: "verify-email" } })).toBe(4);
    const page = await settle(verifyLoader(args(request(`/verify-email/${first}`), { token: first })));
    expect(await page.json()).toEqual({ ok: false, problem: "superseded" });
  });
});

describe("changing the address", () => {
  let owner: TestAgency;
  beforeAll(async () => {
    owner = await makeAgency("Moving Agency");
  });

  const change = (cookie: string, newEmail: string, currentPassword = "correct horse battery") =>
    settle(emailAction(args(request("/account/email", { cookie, form: { intent: "change", newEmail, currentPassword }, ip: freshIp() }))));

  it("refuses an address another account uses, and a wrong password", async () => {
    const other = await makeAgency("Other Agency");
    const cookie = await startSession(owner.userId);
    const taken = await change(cookie, other.email);
    expect(taken.status).toBe(400);
    expect(await taken.json()).toMatchObject({ fieldErrors: { newEmail: ["Another account uses that address."] } });
    expect((await change(cookie, "fresh@agency.example", "not my password")).status).toBe(400);
    expect((await db.user.findUniqueOrThrow({ where: { id: owner.userId } })).pendingEmail).toBeNull();
  });

  it("takes effect only once the new address is verified, and tells the old one", async () => {
    const cookie = await startSession(owner.userId);
    const newEmail = `moved-${Date.now()}@agency.example`;
    const response = await change(cookie, newEmail);
    expect(response.status).toBe(302);
    let user = await db.user.findUniqueOrThrow({ where: { id: owner.userId } });
    expect(user).toMatchObject({ email: owner.email, pendingEmail: newEmail });

    await worker();
    const { token } = (await linkInMailbox(newEmail, "verify-email"))!;
    expect(await (await settle(verifyLoader(args(request(`/verify-email/${token}`), { token })))).json()).toMatchObject({ change: true });
    const done = await settle(verifyAction(args(request(`/verify-email/${token}`, { form: {} }), { token })));
    expect(await done.json()).toMatchObject({ ok: true, verified: newEmail, changedFrom: owner.email });
    user = await db.user.findUniqueOrThrow({ where: { id: owner.userId } });
    expect(user).toMatchObject({ email: newEmail, pendingEmail: null });
    expect(user.emailVerifiedAt).not.toBeNull();

    await worker();
    const notice = await db.mailboxMessage.findFirst({ where: { to: owner.email, subject: "Your account's email address was changed" } });
    expect(notice?.text).toContain(newEmail);
  });

  it("a reset link sent to the old address stops working once the address changed", async () => {
    const mover = await makeAgency("Reset Mover Agency");
    const reset = await resetLink(mover);
    const moved = `reset-mover-${Date.now()}@agency.example`;
    await requestEmailChange(mover.userId, { newEmail: moved, currentPassword: "correct horse battery" });
    await worker();
    const { token } = (await linkInMailbox(moved, "verify-email"))!;
    await settle(verifyAction(args(request(`/verify-email/${token}`, { form: {} }), { token })));
    expect(await resetPage(reset)).toEqual({ status: 410, body: { ok: false, problem: "superseded" } });
  });

  it("refuses the verification when another account took the address meanwhile", async () => {
    const mover = await makeAgency("Race Agency");
    const wanted = `wanted-${Date.now()}@agency.example`;
    expect(await requestEmailChange(mover.userId, { newEmail: wanted, currentPassword: "correct horse battery" })).toMatchObject({
      ok: true,
    });
    await worker();
    const { token } = (await linkInMailbox(wanted, "verify-email"))!;
    const squatter = await makeAgency("Squatter Agency");
    await db.user.update({ where: { id: squatter.userId }, data: { email: wanted } });
    const done = await settle(verifyAction(args(request(`/verify-email/${token}`, { form: {} }), { token })));
    expect(done.status).toBe(409);
    expect((await db.user.findUniqueOrThrow({ where: { id: mover.userId } })).email).toBe(mover.email);
  });
});

describe("the reset link proves the address", () => {
  it("an unverified account that resets its password is verified", async () => {
    const owner = await makeAgency("Proof Agency", { verified: false });
    const token = await resetLink(owner);
    expect((await submitReset(token)).status).toBe(303);
    expect((await db.user.findUniqueOrThrow({ where: { id: owner.userId } })).emailVerifiedAt).not.toBeNull();
    await markEmailVerified(owner.userId);
  });

  it("a reset email whose link was superseded before the worker sent it is not sent", async () => {
    const owner = await makeAgency("Late Agency");
    await forgot(owner.email);
    await forgot(owner.email);
    const results = await worker(addHours(new Date(), 0));
    expect(await db.mailboxMessage.count({ where: { to: owner.email, text: { contains: "/reset-password/" } } })).toBe(1);
    expect(results.outcomes).toContain("cancelled");
  });
});
