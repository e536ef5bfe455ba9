import type { ActionFunctionArgs } from "@remix-run/node";

import type { ApiCaller, ApiScope } from "./api-keys.server";
import { apiCall, apiJson } from "./api-route.server";
import { problem } from "./problem.server";

/**
 * The action of a POST-only endpoint of /api/v1 whose domain function records its own event:
 * `run` answers the JSON body of a 200, or a Response of its own (a validation problem).
 */
export function apiPost(scope: ApiScope, run: (caller: ApiCaller, args: ActionFunctionArgs) => Promise<unknown>) {
  return (args: ActionFunctionArgs) => {
    if (args.request.method !== "POST") return postOnly();
    return apiCall(
      args,
      scope,
      async (caller) => {
        const answer = await run(caller, args);
        return answer instanceof Response ? answer : apiJson(answer);
      },
      { auditedByDomain: true },
    );
  };
}

/** The loader of a POST-only endpoint: 405 naming the method to use. */
export async function postOnly() {
  return problem(405, "Use POST.", { headers: { Allow: "POST" } });
}
