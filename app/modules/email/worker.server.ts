import { purgeIdempotencyKeys } from "~/modules/api/idempotency.server";
import { auditFailedLogins } from "~/modules/auth/failed-logins.server";
import { processPasswordResetRequests } from "~/modules/auth/password-reset.server";
import { purgeDeadSessions } from "~/modules/auth/sessions.server";
import { databaseUnavailableReason } from "~/modules/http/db-errors.server";
import { createLogger, type Logger, logger } from "~/modules/http/logger.server";
import { scheduleReviewNotices } from "~/modules/reviews/reviews.server";
import { deliverDueWebhooks } from "~/modules/webhooks/deliver.server";

import { deliverDue, type DeliveryOutcome, scrubSecrets } from "./delivery.server";
import { recordExpiredLinks, scheduleReminders } from "./reminders.server";
import type { EmailTransport } from "./transports.server";

const REMINDER_EVERY_MS = 60_000;

export type CycleResult = { reminders: number; expired: number; failedLogins: number; outcomes: DeliveryOutcome[] };

/** One cycle: audit failed logins, record expiries, queue due reminders (when asked), deliver what is due. */
export async function runWorkerCycle(transport: EmailTransport, now = new Date(), withReminders = true): Promise<CycleResult> {
  // Every cycle, so a failed login reaches the audit log within one poll interval.
  let failedLogins = 0;
  for (let batch = await auditFailedLogins(); batch > 0; batch = await auditFailedLogins()) failedLogins += batch;
  // "Forgot password" requests become reset emails, delivered below in the same cycle (docs/decisions/046).
  while ((await processPasswordResetRequests(now)) > 0);
  const expired = withReminders ? await recordExpiredLinks(now) : 0;
  const reminders = withReminders ? (await scheduleReminders(now)) + (await scheduleReviewNotices(now)) : 0;
  // Housekeeping on the same schedule: sessions past their idle or absolute limit.
  if (withReminders) await purgeDeadSessions(now);
  if (withReminders) await purgeIdempotencyKeys(now);
  // Webhooks first, so an endpoint's "switched off" email goes out in this cycle (docs/decisions/053).
  await deliverDueWebhooks(now);
  const outcomes: DeliveryOutcome[] = [];
  for (;;) {
    const batch = await deliverDue(transport, now);
    outcomes.push(...batch);
    if (batch.length === 0) break;
  }
  return { reminders, expired, failedLogins, outcomes };
}

export type Worker = { stop(): Promise<void> };

/** Where the worker reports: the app's logger, or a console-like sink given each JSON line (tests read them). */
export type WorkerLog = Logger | Pick<Console, "log" | "error">;

function workerLogger(log: WorkerLog): Logger {
  const base = "child" in log ? log : createLogger({ level: "info", destination: { write: (line) => log.log(line.trimEnd()) } });
  return base.child({ worker: "email" });
}

/**
 * Polls the outbox every `intervalMs`. Errors are logged (without the email's content) and the
 * loop goes on: a database hiccup or a provider outage never stops delivery for good.
 */
export function startWorker(transport: EmailTransport, intervalMs: number, sink: WorkerLog = logger): Worker {
  const log = workerLogger(sink);
  let stopped = false;
  let lastReminders = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    const now = new Date();
    const withReminders = now.getTime() - lastReminders >= REMINDER_EVERY_MS;
    try {
      const result = await runWorkerCycle(transport, now, withReminders);
      if (withReminders) lastReminders = now.getTime();
      const counts = result.outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }), {});
      if (result.outcomes.length || result.reminders || result.expired) {
        log.info({ reminders: result.reminders, expired: result.expired, ...counts }, "email worker cycle");
      }
    } catch (error) {
      const unavailable = databaseUnavailableReason(error);
      if (unavailable) {
        log.warn({ database: unavailable }, "email worker cycle skipped: database unavailable");
      } else {
        const { name, message, stack } = error as Error;
        // The message may quote an email: scrubbed and cut short; the stack's frames, not its text.
        const frames = stack
          ?.split("\n")
          .filter((l) => /^\s+at /.test(l))
          .join("\n");
        log.error(
          { err: { type: name, message: scrubSecrets(String(message)).slice(0, 200), stack: frames } },
          "email worker cycle failed",
        );
      }
    }
    if (!stopped) timer = setTimeout(() => void (running = tick()), intervalMs);
  };
  running = tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
