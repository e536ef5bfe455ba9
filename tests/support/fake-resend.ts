// A fake Resend API on 127.0.0.1 for the email tests: the real `resend` SDK is pointed at it
// (RESEND_BASE_URL, or createResendTransport's baseUrl). It records every request, answers like
// Resend (200 {"id"} or a JSON error body {statusCode, name, message}), can be told to fail, and
// keeps Resend's idempotency promise: a repeated Idempotency-Key that already succeeded gets the
// same id back and is not a second delivery.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = {
  method: string;
  path: string;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: Record<string, unknown> | undefined;
  /** What the fake answered. */
  status: number;
  /** True when this request was a new delivery (not a failure, not an idempotent repeat). */
  delivered: boolean;
};

/** A scripted answer: `body` is sent as JSON, or as is when it is a string. */
export type FakeAnswer = { status: number; body?: unknown };

export type Delivery = { idempotencyKey: string | undefined; id: string; body: Record<string, unknown> | undefined };

export type FakeResend = {
  url: string;
  requests: RecordedRequest[];
  /**
   * The next `n` POST /emails answer `status` with `body` (default: a Resend-style error body).
   * A malformed success: failNext(1, 200, {}) or failNext(1, 200, "not json"). None is a delivery.
   */
  failNext(n: number, status: number, body?: unknown): void;
  /** Decides each answer (may be async, e.g. to be slow); undefined falls through. No argument: reset. */
  respondWith(fn?: (req: RecordedRequest) => FakeAnswer | undefined | Promise<FakeAnswer | undefined>): void;
  /** Successful unique deliveries: one per Idempotency-Key (requests without a key each count). */
  deliveries(): Delivery[];
  deliveredIds(): string[];
  /** Forgets requests, deliveries and scripted failures. */
  reset(): void;
  close(): Promise<void>;
};

const ERROR_NAMES: Record<number, string> = {
  400: "validation_error",
  401: "missing_api_key",
  403: "invalid_api_key",
  404: "not_found",
  409: "invalid_idempotent_request",
  422: "validation_error",
  429: "rate_limit_exceeded",
  500: "internal_server_error",
  503: "service_unavailable",
};

export function resendError(status: number, message = `fake resend answered ${status}`) {
  return { statusCode: status, name: ERROR_NAMES[status] ?? "application_error", message };
}

export async function startFakeResend(): Promise<FakeResend> {
  const requests: RecordedRequest[] = [];
  const byKey = new Map<string, { id: string; rawBody: string }>();
  let unkeyed: Delivery[] = [];
  let failures: FakeAnswer[] = [];
  let handler: ((req: RecordedRequest) => FakeAnswer | undefined | Promise<FakeAnswer | undefined>) | undefined;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void answer(req, Buffer.concat(chunks).toString("utf8")).then(({ status, body }) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(typeof body === "string" ? body : JSON.stringify(body));
      });
    });
  });

  async function answer(req: http.IncomingMessage, rawBody: string): Promise<FakeAnswer> {
    let body: Record<string, unknown> | undefined;
    try {
      body = JSON.parse(rawBody) as Record<string, unknown>;
    } catch {
      body = undefined;
    }
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const recorded: RecordedRequest = {
      method: req.method ?? "",
      path: req.url ?? "",
      authorization: header("authorization"),
      idempotencyKey: header("idempotency-key"),
      headers: req.headers,
      rawBody,
      body,
      status: 0,
      delivered: false,
    };
    requests.push(recorded);
    const result = await decide(recorded);
    recorded.status = result.status;
    return result;
  }

  async function decide(req: RecordedRequest): Promise<FakeAnswer> {
    if (req.method !== "POST" || req.path !== "/emails") return { status: 404, body: resendError(404, "not found") };
    if (!req.authorization?.startsWith("Bearer re_")) return { status: 401, body: resendError(401, "Missing API key") };
    const scripted = failures.shift() ?? (handler ? await handler(req) : undefined);
    if (scripted) return { status: scripted.status, body: scripted.body ?? resendError(scripted.status) };
    if (!req.body) return { status: 422, body: resendError(422, "Invalid JSON body") };
    const key = req.idempotencyKey;
    if (key !== undefined) {
      const previous = byKey.get(key);
      if (previous) {
        // Resend: the same key and payload get the first answer again; another payload is refused.
        if (previous.rawBody !== req.rawBody)
          return { status: 409, body: resendError(409, "Same idempotency key used with a different request payload.") };
        return { status: 200, body: { id: previous.id } };
      }
    }
    const id = randomUUID();
    if (key !== undefined) byKey.set(key, { id, rawBody: req.rawBody });
    else unkeyed.push({ idempotencyKey: undefined, id, body: req.body });
    req.delivered = true;
    return { status: 200, body: { id } };
  }

  function deliveries(): Delivery[] {
    const keyed = [...byKey].map(([idempotencyKey, { id, rawBody }]) => ({
      idempotencyKey,
      id,
      body: JSON.parse(rawBody) as Record<string, unknown>,
    }));
    return [...keyed, ...unkeyed];
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(n, status, body) {
      for (let i = 0; i < n; i++) failures.push({ status, body });
    },
    respondWith(fn) {
      handler = fn;
    },
    deliveries,
    deliveredIds() {
      return deliveries().map((d) => d.id);
    },
    reset() {
      requests.length = 0;
      byKey.clear();
      unkeyed = [];
      failures = [];
      handler = undefined;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
