import { Badge, type Tone } from "~/components/ui/badge";

const WORDS: Record<string, { label: string; tone: Tone }> = {
  ON: { label: "On", tone: "success" },
  OFF: { label: "Switched off", tone: "danger" },
  PENDING: { label: "Waiting to retry", tone: "warning" },
  SENDING: { label: "Sending", tone: "info" },
  DELIVERED: { label: "Delivered", tone: "success" },
  FAILED: { label: "Failed", tone: "danger" },
};

/** An endpoint's or a delivery's state in words. */
export function WebhookStatusBadge({ status, attempts }: { status: string; attempts?: number }) {
  // A delivery not tried yet is queued, not retrying.
  const words =
    status === "PENDING" && attempts === 0
      ? { label: "Queued", tone: "info" as Tone }
      : (WORDS[status] ?? { label: status, tone: "neutral" as Tone });
  return <Badge tone={words.tone}>{words.label}</Badge>;
}
