import { deliverDue, scrubSecrets, type DeliveryOutcome } from "./delivery.server";
import { recordExpiredLinks, scheduleReminders } from "./reminders.server";
import { scheduleReviewNotices } from "~/modules/reviews/reviews.server";
import type { EmailTransport } from "./transports.server";

const REMINDER_EVERY_MS = 60_000;

export type CycleResult = { reminders: number; expired: number; outcomes: DeliveryOutcome[] };

/** One cycle: record expiries, queue due reminders (when asked), deliver what is due. */
export async function runWorkerCycle(transport: EmailTransport, now = new Date(), withReminders = true): Promise<CycleResult> {
  const expired = withReminders ? await recordExpiredLinks(now) : 0;
  const reminders = withReminders ? (await scheduleReminders(now)) + (await scheduleReviewNotices(now)) : 0;
  const outcomes: DeliveryOutcome[] = [];
  for (;;) {
    const batch = await deliverDue(transport, now);
    outcomes.push(...batch);
    if (batch.length === 0) break;
  }
  return { reminders, expired, outcomes };
}

export type Worker = { stop(): Promise<void> };

/**
 * Polls the outbox every `intervalMs`. Errors are logged (without the email's content) and the
 * loop goes on: a database hiccup or a provider outage never stops delivery for good.
 */
export function startWorker(transport: EmailTransport, intervalMs: number, log = console): Worker {
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
        log.log(JSON.stringify({ worker: "email", reminders: result.reminders, expired: result.expired, ...counts }));
      }
    } catch (error) {
      log.error(JSON.stringify({ worker: "email", level: "error", error: (error as Error).name, message: scrubSecrets((error as Error).message).slice(0, 200) }));
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
