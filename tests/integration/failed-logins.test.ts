// A failed login reaches the audit log through the worker (docs/decisions/039): the login form
// writes one FailedLogin row whatever the email, and the worker's next cycle turns it into an
// event in every agency of the account with that email, dated when the login failed.
import { beforeAll, describe, expect, it } from "vitest";

import { logIn } from "~/modules/auth/auth.server";
import { auditFailedLogins } from "~/modules/auth/failed-logins.server";
import { LoginSchema } from "~/modules/auth/schemas";
import { db } from "~/modules/db/db.server";
import { createMailboxTransport } from "~/modules/email/transports.server";
import { runWorkerCycle } from "~/modules/email/worker.server";

import { makeAgency, type TestAgency } from "./helpers";

let first: TestAgency;
let second: TestAgency;

const fail = (email: string, ip = "198.51.100.7") =>
  logIn(LoginSchema.parse({ email, password: "not the password at all" }), { ip, userAgent: "Mozilla/5.0 Firefox/128.0" });

beforeAll(async () => {
  first = await makeAgency("Failed Logins One");
  second = await makeAgency("Failed Logins Two");
  // The first owner also belongs to the second agency: one failure, two audit logs.
  await db.membership.create({ data: { userId: first.userId, agencyId: second.agencyId, role: "ADMIN" } });
  await auditFailedLogins();
});

describe("failed logins in the audit log", () => {
  it("the worker's cycle records one event in each agency of the account, and none for an unknown email", async () => {
    const eventsBefore = await db.event.count({ where: { type: "auth.login_failed" } });
    expect((await fail(first.email)).ok).toBe(false);
    expect((await fail("nobody@agency.example")).ok).toBe(false);
    // Until the worker runs, the failures wait as rows, and no agency sees them yet.
    expect(await db.failedLogin.count()).toBe(2);
    expect(await db.event.count({ where: { type: "auth.login_failed" } })).toBe(eventsBefore);

    const cycle = await runWorkerCycle(createMailboxTransport(), new Date(), false);
    expect(cycle.failedLogins).toBe(2);
    const events = await db.event.findMany({ where: { type: "auth.login_failed", actorId: first.userId }, orderBy: { agencyId: "asc" } });
    expect(events.map((e) => e.agencyId).sort()).toEqual([first.agencyId, second.agencyId].sort());
    for (const event of events) {
      expect(event).toMatchObject({ actorType: "staff", actorLabel: first.email, userAgent: "Mozilla/5.0 Firefox/128.0" });
      expect(event.ipHash).toMatch(/^[\w-]{22}$/);
    }
    expect(await db.event.count({ where: { type: "auth.login_failed" } })).toBe(eventsBefore + 2);
    expect(await db.failedLogin.count()).toBe(0);
  });

  it("failures beyond one batch are all audited in the same cycle", async () => {
    for (let i = 0; i < 5; i++) await fail(second.email);
    expect(await auditFailedLogins(2)).toBe(2);
    expect(await db.failedLogin.count()).toBe(3);
    const cycle = await runWorkerCycle(createMailboxTransport(), new Date(), false);
    expect(cycle.failedLogins).toBe(3);
    expect(await db.event.count({ where: { type: "auth.login_failed", actorId: second.userId } })).toBe(5);
    expect(await db.failedLogin.count()).toBe(0);
  });
});
