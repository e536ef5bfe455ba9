/**
 * What the Mailbox's frame around a message's HTML may do (docs/decisions/041): nothing but open a
 * link in a new tab, as a mail program does. No scripts, no origin of its own (so nothing in it
 * reads the app or its cookies), no forms, no navigation of the page around it. The message page's
 * <iframe sandbox> and the HTML view's own CSP both say it.
 */
export const MAILBOX_FRAME_SANDBOX = "allow-popups allow-popups-to-escape-sandbox";
