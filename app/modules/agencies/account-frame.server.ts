import { listUserAgencies } from "~/modules/team/team.server";

import { staffMenuFor } from "./staff-menu.server";

/**
 * What the account pages (/account, /account/email, /account/two-factor) are framed with: the
 * user's agencies, and the staff frame of the first one as its own pages show it; none for a user
 * in no agency (who left the last one).
 */
export async function accountFrameFor(userId: string) {
  const agencies = await listUserAgencies(userId);
  const home = agencies[0];
  const frame = home ? { agency: { name: home.name, slug: home.slug }, show: staffMenuFor(home.role) } : null;
  return { agencies, frame };
}

export type AccountFrameData = Awaited<ReturnType<typeof accountFrameFor>>;
