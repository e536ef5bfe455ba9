// The Mailbox's "As sent" view (docs/decisions/041): a message's stored HTML, served as a document
// of its own for the message page's sandboxed <iframe>. The email is our own template, but it
// holds what clients and staff typed (escaped by React Email): it is shown where nothing in it can
// run or reach the app, even if that escaping ever failed.
import { MAILBOX_FRAME_SANDBOX } from "./mailbox-frame";

/**
 * The HTML document's policy: no scripts, fonts, frames or requests; inline styles (emails carry
 * nothing else); images from the portal itself (the agency's logo) and data: URLs; framed by our
 * own pages only; sandboxed even when opened on its own.
 */
export function mailboxHtmlPolicy(publicUrl: string): string {
  return [
    "default-src 'none'",
    `img-src ${new URL(publicUrl).origin} data:`,
    "style-src 'unsafe-inline'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    `sandbox ${MAILBOX_FRAME_SANDBOX}`,
  ].join("; ");
}

/** The headers of every answer of the HTML view, an error's too. */
export function mailboxHtmlHeaders(publicUrl: string): Record<string, string> {
  return {
    "Content-Security-Policy": mailboxHtmlPolicy(publicUrl),
    "X-Content-Type-Options": "nosniff",
    // The email may hold a link's or an invitation's URL: no cache keeps it.
    "Cache-Control": "no-store",
  };
}

/**
 * The email's HTML as its recipient's mail program shows it, with links opening in a new tab:
 * inside the frame, a link page would refuse to be framed (frame-ancestors 'none').
 */
export function asSentHtml(html: string): string {
  const base = '<base target="_blank">';
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) return base + html;
  const at = head.index + head[0].length;
  return html.slice(0, at) + base + html.slice(at);
}

/** `response` with the HTML view's headers, for the answers the route does not draw itself. */
export function withMailboxHtmlHeaders(response: Response, publicUrl: string): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(mailboxHtmlHeaders(publicUrl))) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
