// Issue 18: the API keys page. Only Owners and Admins reach it; a key is made only after a
// password typed within 10 minutes (decision 048); its secret comes once, in the POST's answer,
// and the page never shows it again; revoking asks first and records an event.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";

import { startSession } from "~/modules/auth/auth.server";
import { db } from "~/modules/db/db.server";
import { action, loader } from "~/routes/a.$agency.api-keys";

import { makeAgency, type TestAgency } from "./helpers";

const MINUTE = 60_000;
let owner: TestAgency;
let member: TestAgency;
let slug: string;

beforeAll(async () => {
  owner = await makeAgency("Keys Page Agency");
  member = await makeAgency("Member Home Agency");
  await db.membership.create({ data: { agencyId: owner.agencyId, userId: member.userId, role: "MEMBER" } });
  slug = (await db.agency.findUniqueOrThrow({ where: { id: owner.agencyId } })).slug;
});

async function cookieOf(userId: string, signedInMinutesAgo = 0) {
  const cookie = (await startSession(userId)).split(";")[0]!;
  const id = cookie.split("=")[1]!;
  await db.session.update({ where: { id }, data: { createdAt: new Date(Date.now() - signedInMinutesAgo * MINUTE) } });
  return cookie;
}

const url = () => `http://localhost:3000/a/${slug}/api-keys`;

async function get(cookie: string) {
  try {
    return (await loader({
      request: new Request(url(), { headers: { Cookie: cookie } }),
      params: { agency: slug },
      context: {},
    } as LoaderFunctionArgs)) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function post(cookie: string, fields: [string, string][]) {
  const request = new Request(url(), { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) });
  try {
    return (await action({ request, params: { agency: slug }, context: {} } as ActionFunctionArgs)) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("API keys page", () => {
  it("is refused to a Member, for reading and for creating", async () => {
    const cookie = await cookieOf(member.userId);
    expect((await get(cookie)).status).toBe(403);
    expect(
      (
        await post(cookie, [
          ["intent", "create"],
          ["name", "Sneaky"],
          ["scopes", "clients:read"],
        ])
      ).status,
    ).toBe(403);
    expect(await db.apiKey.count({ where: { agencyId: owner.agencyId } })).toBe(0);
  });

  it("sends an Owner signed in long ago to confirm it's them first, and makes no key", async () => {
    const stale = await cookieOf(owner.userId, 30);
    const response = await post(stale, [
      ["intent", "create"],
      ["name", "Stale"],
      ["scopes", "clients:read"],
    ]);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/reauth\?redirectTo=/);
    expect(await db.apiKey.count({ where: { agencyId: owner.agencyId } })).toBe(0);
  });

  it("names the field that is wrong: no scope, a past expiry", async () => {
    const cookie = await cookieOf(owner.userId);
    const response = await post(cookie, [
      ["intent", "create"],
      ["name", "No scope"],
      ["expiresOn", "2001-01-01"],
    ]);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { fieldErrors: Record<string, string[]> };
    expect(body.fieldErrors.scopes?.[0]).toBe("Choose at least one scope");
    expect(body.fieldErrors.expiresOn?.[0]).toBe("Choose a date in the future");
    // The boxes ticked are ticked again next to the error.
    const again = await post(cookie, [
      ["intent", "create"],
      ["name", ""],
      ["scopes", "clients:read"],
      ["scopes", "links:write"],
    ]);
    const failed = (await again.json()) as { fieldErrors: Record<string, string[]>; values: Record<string, string> };
    expect(failed.fieldErrors.name?.[0]).toBe("Name the key");
    expect(failed.values.scopes).toBe("clients:read links:write");
  });

  it("answers a fresh Owner's create with the secret once; the list shows the prefix and scopes, never the secret", async () => {
    const cookie = await cookieOf(owner.userId);
    const response = await post(cookie, [
      ["intent", "create"],
      ["name", "Zapier"],
      ["scopes", "clients:read"],
      ["scopes", "links:write"],
      ["expiresOn", "2099-12-31"],
    ]);
    expect(response.status).toBe(200);
    const { created } = (await response.json()) as { created: { name: string; secret: string } };
    expect(created.secret).toMatch(/^olp_/);
    const page = await (await get(cookie)).text();
    expect(page).not.toContain(created.secret);
    const { keys } = JSON.parse(page) as { keys: { name: string; prefix: string; scopes: string[]; expiresAt: string }[] };
    const key = keys.find((k) => k.name === "Zapier")!;
    expect(created.secret.startsWith(`${key.prefix}_`)).toBe(true);
    expect(key.scopes).toEqual(["clients:read", "links:write"]);
    expect(key.expiresAt).toBe("2099-12-31T23:59:59.999Z");
  });

  it("revokes only after the confirmation, and records who did it", async () => {
    const cookie = await cookieOf(owner.userId);
    const made = await post(cookie, [
      ["intent", "create"],
      ["name", "To revoke"],
      ["scopes", "events:read"],
    ]);
    expect(made.status).toBe(200);
    const key = await db.apiKey.findFirstOrThrow({ where: { agencyId: owner.agencyId, name: "To revoke" } });
    const asked = await post(cookie, [
      ["intent", "revoke"],
      ["id", key.id],
    ]);
    expect(asked.status).toBe(200);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();
    const done = await post(cookie, [
      ["intent", "revoke"],
      ["id", key.id],
      ["confirmed", "yes"],
    ]);
    expect(done.status).toBe(302);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).not.toBeNull();
    const event = await db.event.findFirstOrThrow({ where: { agencyId: owner.agencyId, type: "api.key_revoked" } });
    expect(event).toMatchObject({ actorType: "staff", actorId: owner.userId });
    expect(JSON.parse(event.details)).toMatchObject({ name: "To revoke", prefix: key.prefix });
  });
});
