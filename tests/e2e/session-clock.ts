// Turns back the clock of a staff member's sessions in the e2e server's database, so a test can
// stand where the session signed in (and last confirmed it's them) long ago, and mark them as having
// passed two-factor sign-in. No door in the app: run by tests/e2e/reauth.spec.ts as
//   tsx tests/e2e/session-clock.ts <email> '{"signedInMinutesAgo":30,"twoFactor":true}'
// with the server's environment (tests/e2e/env.ts).
import { loadEnvOrExit } from "../../server/prepare";

loadEnvOrExit();
const { db } = await import("../../app/modules/db/db.server");

export type SessionClock = { signedInMinutesAgo: number; twoFactor?: boolean };

const [email = "", json = "{}"] = process.argv.slice(2);
const clock = JSON.parse(json) as SessionClock;
const then = new Date(Date.now() - clock.signedInMinutesAgo * 60_000);
const { count } = await db.session.updateMany({
  where: { user: { email } },
  data: { createdAt: then, reauthAt: null, ...(clock.twoFactor ? { twoFactorAt: then } : {}) },
});
await db.$disconnect();
console.log(JSON.stringify({ count }));
