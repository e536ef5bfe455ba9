// The team page's invitation limit over real HTTP: the 51st invitation in 24 hours is refused
// with 429, the reason next to the email field, and a Retry-After that says when the oldest of
// the day's invitations leaves the window. Nothing is written.
import "./support/env";

import { afterAll, beforeAll, expect, it } from "vitest";

import { db } from "~/modules/db/db.server";
import { INVITATIONS_PER_DAY } from "~/modules/team/invitations.server";

import { startAppServer, type TestServer } from "../support/app-server";
import { fullBuild } from "./support/full-build";
import { seedAgency, type Seeded } from "./support/seed";
import { sessionCookieFor } from "./support/session";

let server: TestServer;
let seeded: Seeded;

beforeAll(async () => {
  server = await startAppServer((await fullBuild()).build);
  seeded = await seedAgency();
}, 120_000);
afterAll(() => server?.close());

it("the invitation past the daily limit is refused with 429 and an exact Retry-After", async () => {
  // The day's invitations: the oldest three hours ago.
  const oldest = new Date(Date.now() - 3 * 3600 * 1000);
  await db.event.createMany({
    data: Array.from({ length: INVITATIONS_PER_DAY }, (_, i) => ({
      agencyId: seeded.agency.agencyId,
      actorType: "staff",
      type: "team.invited",
      details: "{}",
      createdAt: new Date(oldest.getTime() + i * 60_000),
    })),
  });
  const invitationsBefore = await db.staffInvitation.count({ where: { agencyId: seeded.agency.agencyId } });
  const response = await fetch(`${server.url}/a/${seeded.slug}/team`, {
    method: "POST",
    headers: {
      Cookie: await sessionCookieFor(seeded.agency.userId),
      Origin: server.origin,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ intent: "invite", email: "one-more@agency.example", role: "MEMBER" }),
  });
  expect(response.status).toBe(429);
  const wait = Number(response.headers.get("retry-after"));
  const expected = (oldest.getTime() + 24 * 3600 * 1000 - Date.now()) / 1000;
  expect(Math.abs(wait - expected)).toBeLessThan(30);
  const body = await response.text();
  expect(body).toContain(`At most ${INVITATIONS_PER_DAY} invitations per 24 hours: the next one can go out in 21 hours.`);
  // The typed address is kept in the form, and nothing was written.
  expect(body).toContain("one-more@agency.example");
  expect(await db.staffInvitation.count({ where: { agencyId: seeded.agency.agencyId } })).toBe(invitationsBefore);
});
