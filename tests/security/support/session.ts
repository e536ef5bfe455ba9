import { startSession } from "~/modules/auth/auth.server";

/** "portal_session=<id>" for a fresh session of `userId`, as a browser would send it. */
export async function sessionCookieFor(userId: string): Promise<string> {
  const setCookie = await startSession(userId);
  const pair = setCookie.split(";")[0]!;
  if (!pair.startsWith("portal_session=")) throw new Error(`unexpected session cookie: ${setCookie}`);
  return pair;
}
