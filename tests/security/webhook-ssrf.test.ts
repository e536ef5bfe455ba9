// The webhook SSRF guard (issue 18, docs/decisions/053): a delivery never reaches loopback, private,
// link-local or metadata addresses unless the operator allow-listed the host; the check runs at
// delivery time, and the connection goes to the address checked (a DNS answer that changes
// between check and connect cannot redirect it).
import net from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { deliverDueWebhooks } from "~/modules/webhooks/deliver.server";
import { sendTestEvent } from "~/modules/webhooks/deliveries.server";
import { createEndpoint } from "~/modules/webhooks/endpoints.server";
import { EndpointSchema } from "~/modules/webhooks/schemas";
import type { Lookup } from "~/modules/webhooks/ssrf-guard.server";

import { makeAgency, type TestAgency } from "../integration/helpers";
import { type Receiver, startReceiver } from "../integration/webhook-receivers";

const PUBLIC = "203.0.113.10"; // TEST-NET-3: public by the rules, reachable by no one here
const publicLookup: Lookup = async () => [{ address: PUBLIC, family: 4 }];

let agency: TestAgency;
let receiver: Receiver;
// Counts every TCP connection on loopback (IPv4 and IPv6), whatever the protocol spoken.
let connections = 0;
let trap: net.Server;
let trapPort: number;

beforeAll(async () => {
  agency = await makeAgency("Guarded Analytics");
  receiver = await startReceiver();
  trap = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => trap.listen(0, "::", resolve));
  trapPort = (trap.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await receiver.close();
  await new Promise((resolve) => trap.close(resolve));
});

/** An endpoint whose address passed the save-time check (its name looked public then). */
async function endpointAt(url: string) {
  const result = await createEndpoint(
    agency.agencyId,
    agency.actor,
    EndpointSchema.parse({ url: "https://hooks.example.com/portal", eventTypes: ["client.created"] }),
    { allowList: [], lookup: publicLookup },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  // Then it changed (or DNS did): what the delivery-time check must catch.
  return db.webhookEndpoint.update({ where: { id: result.endpointId }, data: { url } });
}

async function deliverOnce(url: string, lookup?: Lookup) {
  const endpoint = await endpointAt(url);
  await sendTestEvent(agency.agencyId, endpoint.id, agency.actor);
  await deliverDueWebhooks(new Date(), { allowList: [], timeoutMs: 1000, ...(lookup ? { lookup } : {}) });
  return db.webhookAttempt.findFirstOrThrow({ where: { delivery: { endpointId: endpoint.id } } });
}

describe("the webhook SSRF guard at delivery time", () => {
  it.each([
    ["http://127.0.0.1 (a real receiver listens there)", () => receiver.url, /https only/],
    ["https://127.0.0.1", () => `https://127.0.0.1:${trapPort}/hooks`, /resolves to a private or reserved address$/],
    ["https://[::1]", () => `https://[::1]:${trapPort}/hooks`, /resolves to a private or reserved address$/],
    [
      "https://[::ffff:127.0.0.1] (IPv4-mapped)",
      () => `https://[::ffff:127.0.0.1]:${trapPort}/hooks`,
      /resolves to a private or reserved address$/,
    ],
    ["https://10.0.0.1", () => "https://10.0.0.1/hooks", /resolves to a private or reserved address$/],
    ["https://172.16.5.4", () => "https://172.16.5.4/hooks", /resolves to a private or reserved address$/],
    ["https://192.168.1.1", () => "https://192.168.1.1/hooks", /resolves to a private or reserved address$/],
    ["https://100.64.0.1 (CGNAT)", () => "https://100.64.0.1/hooks", /resolves to a private or reserved address$/],
    [
      "https://169.254.169.254 (cloud metadata)",
      () => "https://169.254.169.254/latest/meta-data/",
      /resolves to a private or reserved address$/,
    ],
    ["https://localhost (a name that resolves to loopback)", () => `https://localhost:${trapPort}/hooks`, /localhost resolves to/],
  ])("refuses %s and records why", async (_, url, reason) => {
    const before = { connections, received: receiver.received.length };
    const attempt = await deliverOnce(url());
    expect(attempt.statusCode).toBeNull();
    expect(attempt.error).toMatch(/^refused: /);
    expect(attempt.error).toMatch(reason);
    expect(connections).toBe(before.connections);
    expect(receiver.received.length).toBe(before.received);
  });

  it("connects to the address it checked: a name that resolves elsewhere on the second lookup cannot redirect the connection", async () => {
    // The guard's resolver says "public"; the system's (which a connection by name would use)
    // says loopback, where the trap listens: DNS rebinding between check and connect.
    let lookups = 0;
    const rebinding: Lookup = async () => {
      lookups++;
      return lookups === 1 ? [{ address: PUBLIC, family: 4 }] : [{ address: "127.0.0.1", family: 4 }];
    };
    const before = connections;
    const attempt = await deliverOnce(`https://localhost:${trapPort}/hooks`, rebinding);
    expect(lookups).toBe(1);
    expect(connections).toBe(before);
    expect(attempt.statusCode).toBeNull();
    expect(attempt.error).not.toMatch(/^refused/);
  });

  it("names no resolved address in the reason staff see (it would map internal names)", async () => {
    const internal: Lookup = async () => [{ address: "10.20.30.40", family: 4 }];
    const attempt = await deliverOnce("https://crm.corp.example/hooks", internal);
    expect(attempt.error).toBe("refused: crm.corp.example resolves to a private or reserved address");
    const saved = await createEndpoint(
      agency.agencyId,
      agency.actor,
      EndpointSchema.parse({ url: "https://crm.corp.example/hooks", eventTypes: ["link.opened"] }),
      { allowList: [], lookup: internal },
    );
    expect(!saved.ok && saved.fieldErrors.url?.[0]).toBe(
      "This address is not allowed: crm.corp.example resolves to a private or reserved address",
    );
    const endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { agencyId: agency.agencyId }, orderBy: { createdAt: "desc" } });
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    expect(delivery.lastError).not.toContain("10.20.30.40");
  });

  it.each([
    ["169.254.169.254 (cloud metadata)", "https://169.254.169.254/latest/meta-data/", ["169.254.169.254"], undefined],
    ["a name that resolves to 169.254.169.254", "https://hooks.on-prem.example/x", ["hooks.on-prem.example"], "169.254.169.254"],
    ["a name that resolves to fe80::1", "https://hooks.on-prem.example/x", ["hooks.on-prem.example"], "fe80::1"],
  ])("refuses a link-local address even for an allow-listed host: %s", async (_, url, allowList, resolved) => {
    const lookup: Lookup | undefined = resolved ? async () => [{ address: resolved, family: net.isIP(resolved) }] : undefined;
    const endpoint = await endpointAt(url);
    await sendTestEvent(agency.agencyId, endpoint.id, agency.actor);
    await deliverDueWebhooks(new Date(), { allowList, timeoutMs: 1000, ...(lookup ? { lookup } : {}) });
    const attempt = await db.webhookAttempt.findFirstOrThrow({ where: { delivery: { endpointId: endpoint.id } } });
    expect(attempt.statusCode).toBeNull();
    expect(attempt.error).toMatch(/^refused: .* resolves to a private or reserved address$/);
    const saved = await createEndpoint(agency.agencyId, agency.actor, EndpointSchema.parse({ url, eventTypes: ["link.opened"] }), {
      allowList,
      ...(lookup ? { lookup } : {}),
    });
    expect(!saved.ok && saved.fieldErrors.url?.[0]).toContain("This address is not allowed");
  });

  it("lets an allow-listed receiver on loopback through (the operator's explicit choice)", async () => {
    const endpoint = await endpointAt(receiver.url);
    await sendTestEvent(agency.agencyId, endpoint.id, agency.actor);
    await deliverDueWebhooks(new Date(), { allowList: ["127.0.0.1"], timeoutMs: 1000 });
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } })).toMatchObject({ status: "DELIVERED" });
  });
});

describe("the webhook SSRF guard when an endpoint is saved", () => {
  it.each([
    ["http://crm.example.com/hooks", "Use an https:// address"],
    ["https://10.0.0.1/hooks", "This address is not allowed"],
    ["https://169.254.169.254/", "This address is not allowed"],
    ["https://localhost/hooks", "This address is not allowed"],
    ["https://[::1]/hooks", "This address is not allowed"],
  ])("refuses %s with a field error", async (url, message) => {
    const result = await createEndpoint(agency.agencyId, agency.actor, EndpointSchema.parse({ url, eventTypes: ["link.opened"] }), {
      allowList: [],
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.fieldErrors.url?.[0]).toContain(message);
  });
});
