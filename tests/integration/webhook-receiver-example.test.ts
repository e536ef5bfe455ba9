// examples/webhook-receiver.mjs as a real process: a delivery from the worker is verified and
// handled once (its replay, same webhook-id, is not handled again); a forged one is refused 401.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";

import { afterAll, beforeAll, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { deliverDueWebhooks } from "~/modules/webhooks/deliver.server";
import { replayDelivery, sendTestEvent } from "~/modules/webhooks/deliveries.server";
import { createEndpoint } from "~/modules/webhooks/endpoints.server";
import { EndpointSchema } from "~/modules/webhooks/schemas";
import { newWebhookSecret, signDelivery } from "~/modules/webhooks/secret.server";

import { makeAgency, type TestAgency } from "./helpers";

const GUARD = { allowList: ["127.0.0.1"] };
let child: ChildProcess;
let url = "";
const printed: string[] = [];
let agency: TestAgency;
let secret = "";
let endpointId = "";

beforeAll(async () => {
  agency = await makeAgency("Receiver Analytics");
  // The endpoint first: its secret is what the receiver is started with.
  const result = await createEndpoint(
    agency.agencyId,
    agency.actor,
    EndpointSchema.parse({ url: "http://127.0.0.1:1/placeholder", eventTypes: ["client.created"] }),
    GUARD,
  );
  if (!result.ok) throw new Error("endpoint not created");
  endpointId = result.endpointId;
  secret = (await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).secret;
  child = spawn(process.execPath, ["examples/webhook-receiver.mjs"], {
    env: { ...process.env, WEBHOOK_SECRET: secret, PORT: "0", HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => printed.push(...chunk.toString().trim().split("\n")));
  const [line] = (await once(child.stderr!, "data")) as [Buffer];
  url = /listening on (http:\/\/\S+)/.exec(line.toString())![1]!;
  await db.webhookEndpoint.update({ where: { id: endpointId }, data: { url: `${url}webhooks` } });
});

afterAll(() => {
  child?.kill();
});

it("handles a signed delivery once, even when replayed, and refuses a forged one with 401", async () => {
  await sendTestEvent(agency.agencyId, endpointId, agency.actor);
  await deliverDueWebhooks(new Date(), GUARD);
  const first = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId } });
  expect(first).toMatchObject({ status: "DELIVERED", lastStatusCode: 204 });
  await expect.poll(() => printed.length).toBe(1);
  expect(JSON.parse(printed[0]!)).toMatchObject({ id: first.messageId, type: "webhook.test" });

  await replayDelivery(agency.agencyId, first.id, agency.actor);
  await deliverDueWebhooks(new Date(), GUARD);
  expect(await db.webhookDelivery.count({ where: { endpointId, status: "DELIVERED" } })).toBe(2);
  expect(printed).toHaveLength(1);

  // Signed with another secret, and with no signature at all.
  const body = first.payload;
  const forged = signDelivery(newWebhookSecret(), "msg_forged", body, new Date());
  const answer = await fetch(`${url}webhooks`, { method: "POST", headers: forged, body });
  expect(answer.status).toBe(401);
  const unsigned = await fetch(`${url}webhooks`, { method: "POST", body });
  expect(unsigned.status).toBe(401);
  // A genuine signature over a changed body.
  const genuine = signDelivery(secret, "msg_changed", body, new Date());
  const changed = await fetch(`${url}webhooks`, { method: "POST", headers: genuine, body: body.replace("webhook.test", "link.revoked") });
  expect(changed.status).toBe(401);
  expect(printed).toHaveLength(1);
});
