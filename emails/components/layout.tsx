// The shared, branded frame of every email: agency name (and logo) on top, the accent colour as
// a top border and as the button colour, and the footer line. Inline styles only: email clients
// strip <style> blocks and ignore most CSS, and a single 600px column reads well on phones.
// The parts a client sees read in the email's language (`intl`); staff emails pass none: English.
import { Body, Button, Container, Head, Heading, Hr, Html, Img, Link, Preview, Section, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";

import type { Branding, RequestSummary } from "../types";
import { siteLines } from "./format";
import { ENGLISH, type IntlShape, say } from "./words";

export const DEFAULT_ACCENT = "#2563eb";

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** The accent colour to use: the agency's (validated upstream, checked again here) or the default. */
export function accentOf(branding: Pick<Branding, "accentColor">): string {
  const color = branding.accentColor;
  return color && HEX_COLOR.test(color) ? color : DEFAULT_ACCENT;
}

/** Black or white, whichever reads better on the given #rrggbb background (WCAG luminance). */
export function textColorOn(background: string): string {
  const channel = (offset: number) => {
    const c = parseInt(background.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  // Contrast with white = 1.05 / (L + 0.05); with black = (L + 0.05) / 0.05.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? "#ffffff" : "#111827";
}

/**
 * Whether a logo address can be an image's source. Which logos an email may carry (https only,
 * unless it is read in the local Mailbox) is decided where it is composed (compose.server.ts);
 * this only keeps anything but a web address out of the HTML.
 */
function isWebUrl(value: string | null): value is string {
  if (!value) return false;
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

const fontFamily = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

export const styles = {
  body: { backgroundColor: "#f3f4f6", margin: 0, padding: "16px 0", fontFamily },
  container: {
    backgroundColor: "#ffffff",
    maxWidth: "600px",
    width: "100%",
    margin: "0 auto",
    padding: "24px",
    borderRadius: "6px",
    boxSizing: "border-box",
  },
  agencyName: { fontSize: "20px", lineHeight: "28px", fontWeight: 700, color: "#111827", margin: "0" },
  logo: { display: "block", maxWidth: "200px", height: "48px", width: "auto", margin: "0 0 12px" },
  h1: { fontSize: "22px", lineHeight: "30px", fontWeight: 700, color: "#111827", margin: "24px 0 12px" },
  h2: { fontSize: "17px", lineHeight: "24px", fontWeight: 700, color: "#111827", margin: "24px 0 8px" },
  text: { fontSize: "16px", lineHeight: "24px", color: "#1f2937", margin: "0 0 12px" },
  list: { fontSize: "16px", lineHeight: "24px", color: "#1f2937", margin: "0 0 12px", paddingLeft: "24px" },
  listItem: { margin: "0 0 6px" },
  small: { fontSize: "14px", lineHeight: "20px", color: "#4b5563", margin: "0 0 8px" },
  url: { fontSize: "14px", lineHeight: "20px", color: "#374151", wordBreak: "break-all" },
  box: {
    backgroundColor: "#f9fafb",
    border: "1px solid #e5e7eb",
    borderRadius: "6px",
    padding: "12px 16px",
    margin: "0 0 16px",
  },
  hr: { borderColor: "#e5e7eb", margin: "24px 0 16px" },
  footer: { fontSize: "13px", lineHeight: "20px", color: "#6b7280", margin: "0" },
} satisfies Record<string, CSSProperties>;

type LayoutProps = {
  branding: Branding;
  /** The inbox preview line (hidden in the body). */
  preview: string;
  children: ReactNode;
  /** Replaces the client-facing footer line (internal emails). */
  footer?: ReactNode;
  intl?: IntlShape;
};

export function Layout({ branding, preview, children, footer, intl = ENGLISH }: LayoutProps) {
  const accent = accentOf(branding);
  const agency = branding.agencyName;
  return (
    <Html lang={intl.locale} dir="ltr">
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
      </Head>
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={{ ...styles.container, borderTop: `4px solid ${accent}` }}>
          <Section>
            {isWebUrl(branding.logoUrl) ? (
              <Img src={branding.logoUrl} alt={say(intl, "layout.logoAlt", { agency })} height="48" style={styles.logo} />
            ) : null}
            <Text style={styles.agencyName}>{agency}</Text>
          </Section>
          {children}
          <Hr style={styles.hr} />
          <Text style={styles.footer}>{footer ?? say(intl, "layout.footer", { agency })}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export function Title({ children }: { children: ReactNode }) {
  return (
    <Heading as="h1" style={styles.h1}>
      {children}
    </Heading>
  );
}

export function Subheading({ children }: { children: ReactNode }) {
  return (
    <Heading as="h2" style={styles.h2}>
      {children}
    </Heading>
  );
}

export function Paragraph({ children, style }: { children: ReactNode; style?: CSSProperties }) {
  return <Text style={{ ...styles.text, ...style }}>{children}</Text>;
}

/** A prominent button followed by the same URL as plain text (for clients that hide buttons). */
export function CallToAction({ href, label, accent, intl = ENGLISH }: { href: string; label: string; accent: string; intl?: IntlShape }) {
  return (
    <Section style={{ margin: "20px 0 16px" }}>
      <Button
        href={href}
        style={{
          backgroundColor: accent,
          color: textColorOn(accent),
          fontSize: "16px",
          fontWeight: 700,
          lineHeight: "20px",
          textDecoration: "none",
          textAlign: "center",
          borderRadius: "6px",
          padding: "14px 24px",
          display: "inline-block",
        }}
      >
        {label}
      </Button>
      <Text style={{ ...styles.small, margin: "16px 0 0" }}>{say(intl, "cta.fallback")}</Text>
      <Text style={{ ...styles.url, margin: "4px 0 0" }}>
        <Link href={href} style={{ color: "#374151", textDecoration: "underline" }}>
          {href}
        </Link>
      </Text>
    </Section>
  );
}

/** The restated request: role, sites, the Hotjar account to invite (and optionally why / until when). */
export function RequestDetails({
  request,
  showReason = true,
  showExpiry = false,
  intl = ENGLISH,
  noSitesText = say(intl, "details.clientChooses"),
}: {
  request: RequestSummary;
  showReason?: boolean;
  showExpiry?: boolean;
  intl?: IntlShape;
  noSitesText?: string;
}) {
  const sites = siteLines(request.sites, intl);
  return (
    <Section style={styles.box}>
      <Text style={styles.text}>
        <strong>{say(intl, "details.level")}</strong> {request.roleLabel}
      </Text>
      {sites ? (
        <>
          <Text style={{ ...styles.text, margin: "0 0 4px" }}>
            <strong>{say(intl, "details.sites", { count: sites.length })}</strong>
          </Text>
          <ul style={styles.list}>
            {sites.map((line, index) => (
              <li key={index} style={styles.listItem}>
                {line}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <Text style={styles.text}>
          <strong>{say(intl, "details.sites", { count: 1 })}</strong> {noSitesText}
        </Text>
      )}
      <Text style={styles.text}>
        <strong>{say(intl, "details.grantee")}</strong> {request.granteeEmail}
      </Text>
      {showReason && request.reason.trim() ? (
        <Text style={styles.text}>
          <strong>{say(intl, "details.reason")}</strong> {request.reason}
        </Text>
      ) : null}
      {showExpiry ? (
        <Text style={{ ...styles.text, margin: "0" }}>
          <strong>{say(intl, "details.expires")}</strong> {request.expiresAt}
        </Text>
      ) : null}
    </Section>
  );
}

/** How to tell the request is genuine; shared by the client emails. */
export function GenuineCheck({ agencyName, intl }: { agencyName: string; intl: IntlShape }) {
  return (
    <>
      <Subheading>{say(intl, "genuine.title")}</Subheading>
      <Paragraph>{say(intl, "genuine.body", { agency: agencyName })}</Paragraph>
    </>
  );
}

/** "Hello Alex," (or "Hello," without a name) in the email's language. */
export function Greeting({ name, intl }: { name: string | null; intl: IntlShape }) {
  return <Paragraph>{name ? say(intl, "greeting", { name }) : say(intl, "greeting.noName")}</Paragraph>;
}

/** A list in the emails' style; `ordered` for steps, numbered in the HTML and the plain text. */
export function List({ items, ordered = false }: { items: ReactNode[]; ordered?: boolean }) {
  const children = items.map((item, index) => (
    <li key={index} style={styles.listItem}>
      {item}
    </li>
  ));
  return ordered ? <ol style={styles.list}>{children}</ol> : <ul style={styles.list}>{children}</ul>;
}
