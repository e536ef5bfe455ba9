// Every state change is a same-origin POST: a cross-site one is refused with 403 before the app
// sees it, and changes nothing.
import { afterEach, describe, expect, it } from "vitest";

import { startSession } from "~/modules/auth/auth.server";
import { db } from "~/modules/db/db.server";

import { makeAgency } from "../integration/helpers";
import { DESKTOP, freePort, startServer, stopServers } from "./support/server-process";

afterEach(stopServers);

describe("cross-site requests", () => {
  it("refuses a POST from another origin, or with no origin at all, and writes nothing", async () => {
    const agency = await makeAgency();
    const cookie = (await startSession(agency.userId)).split(";")[0]!;
    const slug = (await db.agency.findUniqueOrThrow({ where: { id: agency.agencyId } })).slug;
    const { origin } = await startServer(await freePort());
    const post = (headers: Record<string, string>) =>
      fetch(`${origin}/a/${slug}/clients/new`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: cookie, "User-Agent": DESKTOP, "Content-Type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams({
          name: "Forged Client",
          contactName: "Eve",
          contactEmail: "eve@evil.example",
          hotjarOrganizationId: "",
        }),
      });
    const attempts: Record<string, string>[] = [
      { Origin: "https://evil.example" },
      { Origin: "null", "Sec-Fetch-Site": "cross-site" },
      { Referer: "https://evil.example/page" },
      {},
      { Origin: origin.replace("127.0.0.1", "localhost") },
    ];
    for (const headers of attempts) {
      const response = await post(headers);
      expect(response.status).toBe(403);
      expect(await response.text()).toBe("Cross-site request refused.");
    }
    expect(await db.client.count({ where: { agencyId: agency.agencyId } })).toBe(0);
    // The same request from the portal's own pages goes through.
    expect((await post({ Origin: origin })).status).toBe(302);
    expect(await db.client.count({ where: { agencyId: agency.agencyId } })).toBe(1);
    console.log(`csrf: ${attempts.length} cross-site posts refused with 403, 0 rows written; the same-origin post accepted`);
  }, 90_000);
});
