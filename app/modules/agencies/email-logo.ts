// Whether the agency's logo can appear in the emails the portal sends. Emails carry the logo as
// a link to the portal's own copy (compose.server.ts makes it absolute from PUBLIC_URL), and an
// email sent through a provider carries only an https one (compose.server.ts asks this rule): mail
// programs block images from plain-http addresses, and an address like localhost means nothing in
// a client's inbox. The local Mailbox, read on the portal itself, shows it either way (decision 041).

/** Why a logo cannot appear in emails, in the settings page's words; null when it can. */
export function emailLogoProblem(publicUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return "The portal has no valid public address (PUBLIC_URL), so emails cannot link to your logo.";
  }
  if (url.protocol === "https:") return null;
  return (
    `The portal's address (${url.origin}) is not https, and email programs only load images from secure (https) addresses, ` +
    `so emails show your agency's name instead. Your clients' page shows the logo either way. ` +
    `Whoever runs the portal can change this by serving it over https and setting PUBLIC_URL to that address.`
  );
}
