import { Resend } from "resend";
import { z } from "zod";

import { db } from "~/modules/db/db.server";

import type { MailboxReaders } from "./mailbox-readers";
import { isRetryableStatus, SEND_TIMEOUT_MS } from "./retry-policy";

export type OutgoingEmail = {
  outboundEmailId: string;
  agencyId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The same for every attempt of one outbox row: the provider drops a repeat. */
  idempotencyKey: string;
  /** Who on the agency's staff may read it, where the transport is the local Mailbox. */
  readers: MailboxReaders;
};

export type SendResult = { ok: true; providerId: string } | { ok: false; retryable: boolean; error: string };

export type EmailTransport = { name: "resend" | "mailbox"; send(email: OutgoingEmail): Promise<SendResult> };

const ResendAccepted = z.object({ id: z.string().min(1) });
const ResendError = z.object({ statusCode: z.number().nullable().optional(), name: z.string().optional(), message: z.string().optional() });

/**
 * Delivery through the real Resend SDK (RESEND_BASE_URL points it elsewhere, e.g. in tests).
 * Each call is cut off after `timeoutMs`, well under the worker's lease: a provider that never
 * answers must not hold the worker (fetch alone would wait minutes) nor outlive the claim.
 */
export function createResendTransport(apiKey: string, baseUrl?: string, timeoutMs = SEND_TIMEOUT_MS): EmailTransport {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: "resend",
    async send(email) {
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const { data, error } = await resend.emails.send(
          { from: email.from, to: email.to, subject: email.subject, html: email.html, text: email.text },
          { idempotencyKey: email.idempotencyKey, signal },
        );
        // The SDK turns an aborted fetch into a generic error: say what happened. Retried with the
        // same idempotency key, so a send the provider did accept is not delivered twice.
        if (signal.aborted) return { ok: false, retryable: true, error: `no answer from the email provider within ${timeoutMs / 1000} s` };
        if (error) {
          // The SDK returns errors instead of throwing; an unexpected shape is a transient failure.
          const parsed = ResendError.safeParse(error);
          const status = parsed.success ? (parsed.data.statusCode ?? null) : null;
          // The same idempotency key with a different body: an earlier attempt was accepted and
          // only its recording was lost (the body is re-rendered per attempt). Not a failure.
          if (status === 409 && parsed.success && parsed.data.name === "invalid_idempotent_request") {
            return { ok: true, providerId: `idempotent:${email.idempotencyKey}` };
          }
          // Another attempt with this key is in flight: wait and see.
          if (status === 409 && parsed.success && parsed.data.name === "concurrent_idempotent_requests") {
            return { ok: false, retryable: true, error: "409 concurrent_idempotent_requests" };
          }
          const detail = parsed.success ? `${parsed.data.name ?? "error"}: ${parsed.data.message ?? ""}` : "unreadable error";
          return { ok: false, retryable: isRetryableStatus(status), error: `${status ?? "no status"} ${detail}`.slice(0, 300) };
        }
        const accepted = ResendAccepted.safeParse(data);
        if (!accepted.success) return { ok: false, retryable: true, error: "unexpected response from the email provider" };
        return { ok: true, providerId: accepted.data.id };
      } catch (error) {
        if (signal.aborted) return { ok: false, retryable: true, error: `no answer from the email provider within ${timeoutMs / 1000} s` };
        return { ok: false, retryable: true, error: `send failed: ${(error as Error).name}` };
      }
    },
  };
}

/** The embedded default: nothing leaves the machine; staff read the mail in the app. */
export function createMailboxTransport(): EmailTransport {
  return {
    name: "mailbox",
    async send(email) {
      const message = await db.mailboxMessage.upsert({
        where: { outboundEmailId: email.outboundEmailId },
        create: {
          agencyId: email.agencyId,
          outboundEmailId: email.outboundEmailId,
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          ...email.readers,
        },
        update: {},
      });
      return { ok: true, providerId: `mailbox:${message.id}` };
    },
  };
}

export function transportFromEnv(env: { RESEND_API_KEY?: string; RESEND_BASE_URL?: string }): EmailTransport {
  return env.RESEND_API_KEY ? createResendTransport(env.RESEND_API_KEY, env.RESEND_BASE_URL) : createMailboxTransport();
}
