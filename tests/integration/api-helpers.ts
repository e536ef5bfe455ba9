// The /api/v1 suites' common ground: the real server (server/app.ts and Remix with the real route
// modules of every endpoint), keys made through the keys page's own service, and calls over HTTP.
import { expect } from "vitest";

import { createApiKey, CreateApiKeySchema } from "~/modules/api/api-keys.server";
import * as clientsRoute from "~/routes/api.v1.clients";
import * as clientRoute from "~/routes/api.v1.clients.$clientId";
import * as clientArchiveRoute from "~/routes/api.v1.clients.$clientId.archive";
import * as clientRestoreRoute from "~/routes/api.v1.clients.$clientId.restore";
import * as eventsRoute from "~/routes/api.v1.events";
import * as grantsRoute from "~/routes/api.v1.grants";
import * as grantRevokeRoute from "~/routes/api.v1.grants.$grantId.revoke";
import * as grantVerifyRoute from "~/routes/api.v1.grants.$grantId.verify";
import * as linksRoute from "~/routes/api.v1.links";
import * as linkRoute from "~/routes/api.v1.links.$linkId";
import * as linkReissueRoute from "~/routes/api.v1.links.$linkId.reissue";
import * as linkRevokeRoute from "~/routes/api.v1.links.$linkId.revoke";
import * as linkSendRoute from "~/routes/api.v1.links.$linkId.send";

import { startAppServer, type TestServer } from "../support/app-server";
import { testBuild, type TestRoute } from "../support/remix-build";
import type { TestAgency } from "./helpers";

/** Every /api/v1 route module, by its Remix id and path. */
export const API_ROUTES: TestRoute[] = [
  { id: "routes/api.v1.clients", path: "api/v1/clients", module: clientsRoute },
  { id: "routes/api.v1.clients.$clientId", path: "api/v1/clients/:clientId", module: clientRoute },
  { id: "routes/api.v1.clients.$clientId.archive", path: "api/v1/clients/:clientId/archive", module: clientArchiveRoute },
  { id: "routes/api.v1.clients.$clientId.restore", path: "api/v1/clients/:clientId/restore", module: clientRestoreRoute },
  { id: "routes/api.v1.links", path: "api/v1/links", module: linksRoute },
  { id: "routes/api.v1.links.$linkId", path: "api/v1/links/:linkId", module: linkRoute },
  { id: "routes/api.v1.links.$linkId.send", path: "api/v1/links/:linkId/send", module: linkSendRoute },
  { id: "routes/api.v1.links.$linkId.revoke", path: "api/v1/links/:linkId/revoke", module: linkRevokeRoute },
  { id: "routes/api.v1.links.$linkId.reissue", path: "api/v1/links/:linkId/reissue", module: linkReissueRoute },
  { id: "routes/api.v1.grants", path: "api/v1/grants", module: grantsRoute },
  { id: "routes/api.v1.grants.$grantId.verify", path: "api/v1/grants/:grantId/verify", module: grantVerifyRoute },
  { id: "routes/api.v1.grants.$grantId.revoke", path: "api/v1/grants/:grantId/revoke", module: grantRevokeRoute },
  { id: "routes/api.v1.events", path: "api/v1/events", module: eventsRoute },
];

export function startApiServer(): Promise<TestServer> {
  return startAppServer(testBuild(API_ROUTES));
}

export async function newKey(a: TestAgency, scopes: string[], name = "CRM sync") {
  return createApiKey(a.agencyId, a.actor, CreateApiKeySchema.parse({ name, scopes, expiresOn: "" }));
}

export type CallInit = { method?: string; body?: unknown; headers?: Record<string, string> };

/** One call of the API as a program makes it: the bearer key, a JSON body when given. */
export function apiFetch(server: TestServer, path: string, secret: string | null, init: CallInit = {}) {
  return fetch(`${server.url}${path}`, {
    method: init.method ?? "GET",
    headers: {
      ...(secret ? { Authorization: `Bearer ${secret}` } : {}),
      ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...init.headers,
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
}

export type ProblemBody = { type: string; title: string; status: number; detail: string; errors?: { field: string; message: string }[] };

/** The answer is an RFC 9457 problem document of `status`; its body. */
export async function expectProblem(response: Response, status: number): Promise<ProblemBody> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as ProblemBody;
  expect(body).toMatchObject({ type: "about:blank", status });
  expect(body.title).toBeTruthy();
  expect(body.detail).toBeTruthy();
  return body;
}

export async function expectData<T = Record<string, unknown>>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (JSON.parse(text) as { data: T }).data;
}
