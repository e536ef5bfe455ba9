// Finding (issue 18 review): an Admin makes an API key, sees its secret, then leaves the agency
// or is made a Member, and the key still answered for the agency. A key now follows its maker:
// when the maker may no longer manage keys, their keys are revoked in the same transaction, with
// an audit event that says why. Keys of those who still may (an Owner handing over ownership
// becomes an Admin) keep working.
import "./support/env";

import { beforeEach, describe, expect, it } from "vitest";

import type { AgencyContext } from "~/modules/agencies/agencies.server";
import { authenticateApiKey, createApiKey, CreateApiKeySchema } from "~/modules/api/api-keys.server";
import { describeEvent } from "~/modules/audit/event-words";
import { db } from "~/modules/db/db.server";
import { changeRole, leaveAgency, removeMember, transferOwnership } from "~/modules/team/team.server";

import { makeAgency, type TestAgency } from "../integration/helpers";
import { ctxOf, newAdmin as newAdminOf } from "./support/team";

let owner: TestAgency;
let ownerCtx: AgencyContext;
let n = 0;

/** A new Admin of the owner's agency, who joined through the Owner's invitation. */
const newAdmin = () => newAdminOf(ownerCtx, `keys-admin-${++n}@agency.example`);

async function keyOf(ctx: AgencyContext, name = "CRM sync") {
  const { secret } = await createApiKey(
    ctx.agency.id,
    { type: "staff", id: ctx.user.id, label: ctx.user.email },
    CreateApiKeySchema.parse({ name, scopes: ["clients:read"], expiresOn: "" }),
  );
  return `Bearer ${secret}`;
}

async function revocationWords(): Promise<string[]> {
  const events = await db.event.findMany({ where: { agencyId: owner.agencyId, type: "api.key_revoked" }, orderBy: { createdAt: "asc" } });
  // The prefix is random: named as "olp_…" here.
  return events.map((e) => describeEvent(e).sentence.replace(/\(olp_[\w-]{8}\)/, "(olp_…)"));
}

beforeEach(async () => {
  owner = await makeAgency("Key Maker Agency");
  ownerCtx = await ctxOf(owner.agencyId, owner.userId);
});

describe("an API key follows its maker", () => {
  it("is revoked when its maker is removed from the agency", async () => {
    const admin = await newAdmin();
    const key = await keyOf(admin);
    expect((await authenticateApiKey(key)).ok).toBe(true);
    await removeMember(ownerCtx, admin.user.id);
    expect(await authenticateApiKey(key)).toEqual({ ok: false, reason: "revoked" });
    expect(await revocationWords()).toEqual(["The API key “CRM sync” (olp_…) was revoked: its maker left the agency"]);
  });

  it("is revoked when its maker leaves, and when its maker becomes a Member", async () => {
    const leaving = await newAdmin();
    const demoted = await newAdmin();
    const leavingKey = await keyOf(leaving, "Zapier");
    const demotedKey = await keyOf(demoted, "HubSpot");
    const ownersKey = await keyOf(ownerCtx, "Owner's own");
    await leaveAgency(leaving);
    await changeRole(ownerCtx, demoted.user.id, "MEMBER");
    expect(await authenticateApiKey(leavingKey)).toEqual({ ok: false, reason: "revoked" });
    expect(await authenticateApiKey(demotedKey)).toEqual({ ok: false, reason: "revoked" });
    // Nobody else's key is touched.
    expect((await authenticateApiKey(ownersKey)).ok).toBe(true);
    expect(await revocationWords()).toEqual([
      "The API key “Zapier” (olp_…) was revoked: its maker left the agency",
      "The API key “HubSpot” (olp_…) was revoked: its maker's new role cannot manage keys",
    ]);
  });

  it("keeps working when its maker still manages keys: an Admin made Owner, an Owner handing over ownership", async () => {
    const admin = await newAdmin();
    const adminKey = await keyOf(admin);
    const ownersKey = await keyOf(ownerCtx, "Owner's own");
    await changeRole(ownerCtx, admin.user.id, "OWNER");
    await transferOwnership(ownerCtx, admin.user.id);
    expect((await authenticateApiKey(adminKey)).ok).toBe(true);
    expect((await authenticateApiKey(ownersKey)).ok).toBe(true);
    expect(await revocationWords()).toEqual([]);
  });
});
