import { getEnv } from "~/modules/env/env.server";
import { notFound } from "~/modules/http/errors";

/** The mailbox pages exist only while mail is delivered locally. */
export function requireLocalMailbox(): void {
  if (getEnv().RESEND_API_KEY) throw notFound("Mailbox");
}

/** Splits plain text into text and http(s) URLs, so the mailbox can make links clickable. */
export function linkifyParts(text: string): { text: string; href?: string }[] {
  const parts: { text: string; href?: string }[] = [];
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>()"]+/g)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ text: match[0], href: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
