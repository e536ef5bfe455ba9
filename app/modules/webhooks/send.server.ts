import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";

import type { Target } from "./ssrf-guard.server";

export type SendOutcome = { statusCode: number | null; error: string | null; durationMs: number };

const MAX_BODY_BYTES = 64 * 1024;

/** A `lookup` that always answers the address the guard checked: the connection cannot go elsewhere. */
function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/**
 * POSTs `body` to the checked target, connecting only to its pinned address, and gives up after
 * `timeoutMs` (connect, answer and body together). Never throws: an error is an outcome.
 */
export function postWebhook(
  target: Extract<Target, { ok: true }>,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const client = target.url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<SendOutcome, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, durationMs: elapsed() });
    };
    const controller = new AbortController();
    const timer = setTimeout(() => {
      finish({ statusCode: null, error: `timed out after ${timeoutMs} ms` });
      controller.abort();
    }, timeoutMs);
    const request = client.request(
      target.url,
      {
        method: "POST",
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": "onboarding-portal-webhooks/1",
        },
        lookup: pinnedLookup(target.address, target.family),
        signal: controller.signal,
        // Redirects are not followed (node:http never does): a 3xx is a failed attempt.
      },
      (response) => {
        let received = 0;
        response.on("data", (chunk: Buffer) => {
          received += chunk.length;
          // The answer's body is not kept; a receiver that streams forever is cut off.
          if (received > MAX_BODY_BYTES) response.destroy();
        });
        response.on("close", () => finish({ statusCode: response.statusCode ?? null, error: null }));
        response.on("error", () => finish({ statusCode: response.statusCode ?? null, error: null }));
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) => finish({ statusCode: null, error: error.code ?? error.message }));
    request.end(body);
  });
}
