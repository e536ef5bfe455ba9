// The team page's changes that cannot be undone (issue 15, item 3): a hand-over ("Make Owner"), a
// second Owner, a removal, a withdrawn invitation. Posted without `confirmed=yes` (no JavaScript,
// or a form from elsewhere), the action answers with the question and changes nothing; with it,
// the change is made and the page is told so in a flash. The permission rules stay as they were.
import type { ActionFunctionArgs } from "@remix-run/node";
import { beforeEach, describe, expect, it } from "vitest";

import { agencyContextFor } from "~/modules/agencies/agencies.server";
import { startSession } from "~/modules/auth/auth.server";
import { db } from "~/modules/db/db.server";
import { takeFlash } from "~/modules/http/flash.server";
import { invitationToken } from "~/modules/team/invitation-token.server";
import { acceptInvitation, inviteStaff } from "~/modules/team/invitations.server";
import { action } from "~/routes/a.$agency.team";

import { makeAgency, type TestAgency } from "./helpers";

const ORIGIN = "http://localhost:3000";

let owner: TestAgency;
let slug: string;
let sam: { userId: string };
let pendingInvitationId: string;

async function ownerContext() {
  const user = await db.user.findUniqueOrThrow({ where: { id: owner.userId } });
  return agencyContextFor({ id: user.id, email: user.email, name: user.name }, slug, "team:manage");
}

/** Invites `email` as a Member; when `accept`, they join with a new account. */
async function invite(email: string, accept: boolean) {
  const invited = await inviteStaff(await ownerContext(), { email, role: "MEMBER" });
  if (!invited.ok) throw new Error(invited.message);
  if (!accept) return { invitationId: invited.invitationId, userId: "" };
  const token = invitationToken(await db.staffInvitation.findUniqueOrThrow({ where: { id: invited.invitationId } }));
  const accepted = await acceptInvitation(token, { signup: { name: "Sam Sample", password: "long enough password" } });
  if (!accepted.ok) throw new Error(accepted.message);
  return { invitationId: invited.invitationId, userId: accepted.userId };
}

async function post(fields: Record<string, string>, userId = owner.userId): Promise<Response> {
  const cookie = (await startSession(userId)).split(";")[0]!;
  const request = new Request(`${ORIGIN}/a/${slug}/team`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: ORIGIN },
    body: new URLSearchParams(fields),
  });
  return action({ request, params: { agency: slug }, context: {} } as ActionFunctionArgs).catch((e: unknown) =>
    e instanceof Response ? e : Promise.reject(e),
  );
}

/** Every row a team change could touch, to compare before and after. */
async function teamState() {
  const [memberships, invitations, events] = await Promise.all([
    db.membership.findMany({ where: { agencyId: owner.agencyId }, select: { userId: true, role: true }, orderBy: { userId: "asc" } }),
    db.staffInvitation.findMany({ where: { agencyId: owner.agencyId }, select: { id: true, cancelledAt: true }, orderBy: { id: "asc" } }),
    db.event.count({ where: { agencyId: owner.agencyId } }),
  ]);
  return { memberships, invitations, events };
}

const roleOf = async (userId: string) =>
  (await db.membership.findUniqueOrThrow({ where: { agencyId_userId: { agencyId: owner.agencyId, userId } } })).role;

/** The message the redirect carries to the team page. */
async function flashOf(response: Response) {
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe(`/a/${slug}/team`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("portal_flash="));
  return (await takeFlash(new Request(`${ORIGIN}/a/${slug}/team`, { headers: { Cookie: cookie!.split(";")[0]! } }))).flash;
}

beforeEach(async () => {
  owner = await makeAgency("Confirm Agency");
  slug = (await db.agency.findUniqueOrThrow({ where: { id: owner.agencyId } })).slug;
  sam = await invite(`sam-${Date.now()}@agency.example`, true);
  pendingInvitationId = (await invite(`pat-${Date.now()}@agency.example`, false)).invitationId;
});

describe("a team change posted without confirmed=yes", () => {
  it("answers with the question and changes nothing: Make Owner, Owner role, remove, withdraw", async () => {
    const before = await teamState();
    const unconfirmed: Record<string, string>[] = [
      { intent: "transfer", id: sam.userId },
      { intent: "role", userId: sam.userId, role: "OWNER" },
      { intent: "remove", id: sam.userId },
      { intent: "cancel", id: pendingInvitationId },
    ];
    for (const fields of unconfirmed) {
      const response = await post(fields);
      expect(response.status, fields.intent).toBe(200);
      // The question names the same fields, so the page can ask it and post them again with the yes.
      expect(await response.json()).toEqual({ confirmation: fields });
      expect(response.headers.get("Set-Cookie")).toBeNull();
    }
    expect(await teamState()).toEqual(before);
  });

  it("asks nothing for a role change below Owner, which can be undone", async () => {
    const response = await post({ intent: "role", userId: sam.userId, role: "ADMIN" });
    expect(await flashOf(response)).toEqual({ kind: "success", message: "Sam Sample is now an Admin." });
    expect(await roleOf(sam.userId)).toBe("ADMIN");
  });
});

describe("confirmed", () => {
  it("Make Owner hands over: the new Owner, and the old one an Admin", async () => {
    const response = await post({ intent: "transfer", id: sam.userId, confirmed: "yes" });
    expect(await flashOf(response)).toEqual({ kind: "success", message: "Sam Sample is now the Owner; you are an Admin." });
    expect(await roleOf(sam.userId)).toBe("OWNER");
    expect(await roleOf(owner.userId)).toBe("ADMIN");
  });

  it("a role change to Owner makes a second Owner and demotes nobody", async () => {
    const response = await post({ intent: "role", userId: sam.userId, role: "OWNER", confirmed: "yes" });
    expect(await flashOf(response)).toEqual({ kind: "success", message: "Sam Sample is now an Owner." });
    expect(await roleOf(sam.userId)).toBe("OWNER");
    expect(await roleOf(owner.userId)).toBe("OWNER");
  });

  it("remove and withdraw do what they say", async () => {
    expect((await flashOf(await post({ intent: "remove", id: sam.userId, confirmed: "yes" })))?.message).toBe(
      "Sam Sample was removed from the team.",
    );
    expect(await db.membership.count({ where: { agencyId: owner.agencyId, userId: sam.userId } })).toBe(0);
    const withdrawn = await flashOf(await post({ intent: "cancel", id: pendingInvitationId, confirmed: "yes" }));
    expect(withdrawn?.message).toMatch(/^Invitation to pat-\d+@agency\.example withdrawn: its link no longer works\.$/);
    expect((await db.staffInvitation.findUniqueOrThrow({ where: { id: pendingInvitationId } })).cancelledAt).not.toBeNull();
  });
});

describe("the permission rules, confirmed or not", () => {
  it("an Admin confirming a hand-over or an Owner role is refused (403) and nothing changes", async () => {
    const admin = await invite(`ada-${Date.now()}@agency.example`, true);
    await post({ intent: "role", userId: admin.userId, role: "ADMIN" });
    const before = await teamState();
    const refused: Record<string, string>[] = [
      { intent: "transfer", id: sam.userId, confirmed: "yes" },
      { intent: "role", userId: sam.userId, role: "OWNER", confirmed: "yes" },
      { intent: "remove", id: owner.userId, confirmed: "yes" },
    ];
    for (const fields of refused) {
      expect((await post(fields, admin.userId)).status, fields.intent).toBe(403);
    }
    expect(await teamState()).toEqual(before);
  });

  it("a Member reaches no team action at all (403)", async () => {
    const before = await teamState();
    expect((await post({ intent: "remove", id: owner.userId }, sam.userId)).status).toBe(403);
    expect(await teamState()).toEqual(before);
  });
});
