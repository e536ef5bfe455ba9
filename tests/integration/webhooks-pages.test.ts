// Issue 18: the webhooks pages. Only Owners and Admins reach them; an Admin adds an endpoint
// (an address that is not https or is private is a field error), and rotating the secret or
// deleting the endpoint asks first; each change is an audit event.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";

import { startSession } from "~/modules/auth/auth.server";
import { db } from "~/modules/db/db.server";
import * as listPage from "~/routes/a.$agency.webhooks._index";
import * as endpointPage from "~/routes/a.$agency.webhooks.$endpointId";
import * as newPage from "~/routes/a.$agency.webhooks.new";

import { flashOf, makeAgency, type TestAgency } from "./helpers";

let owner: TestAgency;
let admin: TestAgency;
let member: TestAgency;
let slug: string;

beforeAll(async () => {
  owner = await makeAgency("Hooks Page Agency");
  admin = await makeAgency("Admin Home Agency");
  member = await makeAgency("Member Home Agency");
  await db.membership.create({ data: { agencyId: owner.agencyId, userId: admin.userId, role: "ADMIN" } });
  await db.membership.create({ data: { agencyId: owner.agencyId, userId: member.userId, role: "MEMBER" } });
  slug = (await db.agency.findUniqueOrThrow({ where: { id: owner.agencyId } })).slug;
});

const cookieOf = async (userId: string) => (await startSession(userId)).split(";")[0]!;
const url = (path: string) => `http://localhost:3000/a/${slug}/webhooks${path}`;

async function settle(run: () => Promise<unknown>): Promise<Response> {
  try {
    return (await run()) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

function get(mod: { loader: (a: LoaderFunctionArgs) => Promise<unknown> }, path: string, cookie: string, params = {}) {
  const request = new Request(url(path), { headers: { Cookie: cookie } });
  return settle(() => mod.loader({ request, params: { agency: slug, ...params }, context: {} } as LoaderFunctionArgs));
}

function post(
  mod: { action: (a: ActionFunctionArgs) => Promise<unknown> },
  path: string,
  cookie: string,
  fields: [string, string][],
  params = {},
) {
  const request = new Request(url(path), { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) });
  return settle(() => mod.action({ request, params: { agency: slug, ...params }, context: {} } as ActionFunctionArgs));
}

const addForm = (address: string): [string, string][] => [
  ["intent", "create"],
  ["url", address],
  ["eventTypes", "link.opened"],
  ["eventTypes", "link.completed"],
];

describe("webhooks pages", () => {
  it("are refused to a Member, for reading and for changing", async () => {
    const cookie = await cookieOf(member.userId);
    expect((await get(listPage, "", cookie)).status).toBe(403);
    expect((await get(newPage, "/new", cookie)).status).toBe(403);
    expect((await post(newPage, "/new", cookie, addForm("https://crm.member.invalid/hooks"))).status).toBe(403);
    expect(await db.webhookEndpoint.count({ where: { agencyId: owner.agencyId } })).toBe(0);
  });

  it("let an Admin add an endpoint; an http or private address is a field error", async () => {
    const cookie = await cookieOf(admin.userId);
    expect((await get(listPage, "", cookie)).status).toBe(200);
    for (const [address, message] of [
      ["http://crm.example.com/hooks", "Use an https:// address"],
      ["https://10.0.0.1/hooks", "This address is not allowed"],
      ["https://169.254.169.254/latest", "This address is not allowed"],
    ]) {
      const refused = await post(newPage, "/new", cookie, addForm(address!));
      expect(refused.status, address).toBe(400);
      const body = (await refused.json()) as { fieldErrors: { url: string[] }; values: { eventTypes: string } };
      expect(body.fieldErrors.url[0]).toContain(message);
      // Both boxes stay ticked for the next try.
      expect(body.values.eventTypes).toBe("link.opened link.completed");
    }
    const added = await post(newPage, "/new", cookie, addForm("https://crm.admin-agency.invalid/hooks"));
    expect(added.status).toBe(302);
    const endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { agencyId: owner.agencyId } });
    expect(added.headers.get("Location")).toBe(`/a/${slug}/webhooks/${endpoint.id}`);
    expect(JSON.parse(endpoint.eventTypes)).toEqual(["link.opened", "link.completed"]);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(await db.event.count({ where: { agencyId: owner.agencyId, type: "webhook.endpoint_created", actorId: admin.userId } })).toBe(1);
    const page = await get(endpointPage, `/${endpoint.id}`, cookie, { endpointId: endpoint.id });
    expect(page.status).toBe(200);
    expect(((await page.json()) as { endpoint: { secret: string } }).endpoint.secret).toBe(endpoint.secret);
  });

  it("asks before rotating the secret or deleting the endpoint", async () => {
    const cookie = await cookieOf(owner.userId);
    const endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { agencyId: owner.agencyId } });
    const params = { endpointId: endpoint.id };
    const asked = await post(endpointPage, `/${endpoint.id}`, cookie, [["intent", "rotate"]], params);
    expect(((await asked.json()) as { confirmation?: unknown }).confirmation).toBeDefined();
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).secret).toBe(endpoint.secret);

    const rotated = await post(
      endpointPage,
      `/${endpoint.id}`,
      cookie,
      [
        ["intent", "rotate"],
        ["confirmed", "yes"],
      ],
      params,
    );
    expect(rotated.status).toBe(302);
    const after = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(after.secret).not.toBe(endpoint.secret);
    expect(await db.event.count({ where: { agencyId: owner.agencyId, type: "webhook.secret_rotated" } })).toBe(1);

    await post(endpointPage, `/${endpoint.id}`, cookie, [["intent", "delete"]], params);
    expect(await db.webhookEndpoint.count({ where: { id: endpoint.id } })).toBe(1);
    const deleted = await post(
      endpointPage,
      `/${endpoint.id}`,
      cookie,
      [
        ["intent", "delete"],
        ["confirmed", "yes"],
      ],
      params,
    );
    expect(deleted.headers.get("Location")).toBe(`/a/${slug}/webhooks`);
    // The address's path may be a secret (many tools put their token there): the message names its origin only.
    expect((await flashOf(deleted))?.message).toBe("Endpoint at https://crm.admin-agency.invalid deleted.");
    expect(await db.webhookEndpoint.count({ where: { id: endpoint.id } })).toBe(0);
    expect(await db.event.count({ where: { agencyId: owner.agencyId, type: "webhook.endpoint_deleted" } })).toBe(1);
  });

  it("refuse a test event or a replay for a switched-off endpoint, with a message, and queue nothing", async () => {
    const cookie = await cookieOf(owner.userId);
    const added = await post(newPage, "/new", cookie, addForm("https://crm.switched-off.invalid/hooks"));
    const endpointId = added.headers.get("Location")!.split("/").pop()!;
    const params = { endpointId };
    expect((await post(endpointPage, `/${endpointId}`, cookie, [["intent", "test"]], params)).status).toBe(302);
    const first = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId } });
    expect((await post(endpointPage, `/${endpointId}`, cookie, [["intent", "disable"]], params)).status).toBe(302);

    const test = await post(endpointPage, `/${endpointId}`, cookie, [["intent", "test"]], params);
    expect(test.status).toBe(409);
    expect(await test.text()).toMatch(/switched off: switch it on first/);
    const replay = await post(
      endpointPage,
      `/${endpointId}`,
      cookie,
      [
        ["intent", "replay"],
        ["deliveryId", first.id],
      ],
      params,
    );
    expect(replay.status).toBe(409);
    expect(await replay.text()).toMatch(/switched off/);
    expect(await db.webhookDelivery.count({ where: { endpointId } })).toBe(1);

    // Switched on again, both work.
    await post(endpointPage, `/${endpointId}`, cookie, [["intent", "enable"]], params);
    expect((await post(endpointPage, `/${endpointId}`, cookie, [["intent", "test"]], params)).status).toBe(302);
    expect(await db.webhookDelivery.count({ where: { endpointId } })).toBe(2);
  });
});
