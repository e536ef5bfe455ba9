// Internal: the weekly digest of access reviews due, or grants whose access ends in 3 days.
import { oneLine } from "./components/format";
import { accentOf, CallToAction, Layout, Paragraph, styles, Title } from "./components/layout";
import type { Branding, ReviewNoticeProps } from "./types";

export function reviewNoticeSubject({ agencyName, kind, items }: ReviewNoticeProps): string {
  return oneLine(
    kind === "digest"
      ? `[${agencyName}] ${items.length} Hotjar access review${items.length === 1 ? "" : "s"} due`
      : `[${agencyName}] Hotjar access ends in 3 days for ${items.map((i) => i.clientName).join(", ")}`,
  );
}

export function ReviewNotice({ agencyName, kind, items, reviewsUrl }: ReviewNoticeProps) {
  const branding: Branding = { agencyName, accentColor: null, logoUrl: null };
  return (
    <Layout
      branding={branding}
      preview={kind === "digest" ? `${items.length} access reviews due this week` : "Temporary Hotjar access ends soon"}
      footer={<>Internal notification for {agencyName} staff, sent by the onboarding portal.</>}
    >
      <Title>{kind === "digest" ? "Access reviews due" : "Temporary access ends in 3 days"}</Title>
      <Paragraph>
        {kind === "digest"
          ? "These grants are due (or overdue) for review: keep each one with a new review date, or end the access."
          : "These grants reach their access end date soon. End the access then, or keep it with a new review date."}
      </Paragraph>
      <ul style={styles.list}>
        {items.map((item, i) => (
          <li key={i} style={styles.listItem}>
            {item.clientName}: {item.siteName ?? "site"} (site ID {item.hotjarSiteId}), {kind === "digest" ? "review" : "ends"} {item.date}
            {item.overdue ? " (overdue)" : ""}
          </li>
        ))}
      </ul>
      <CallToAction href={reviewsUrl} label="Open access reviews" accent={accentOf(branding)} />
    </Layout>
  );
}

export default ReviewNotice;
