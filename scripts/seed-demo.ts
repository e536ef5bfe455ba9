// `npm run seed:demo -- --json`: a demo agency with one link in every state the dashboard counts,
// against the same data/ as `npm start`. Re-runnable: the demo agency and its login are recreated
// each time. Every row comes from the domain functions the routes call, with the routes' schemas,
// so the demo shows only what a real agency and client could have done.
import { loadEnvOrExit, migrate } from "../server/prepare";

// The same environment rules as `npm start` (parseEnv): links use the PUBLIC_URL the server would.
const env = loadEnvOrExit();
await migrate(env.DATABASE_URL);

const { subDays } = await import("date-fns");
const { db } = await import("../app/modules/db/db.server");
const { signUp } = await import("../app/modules/auth/auth.server");
const { SignupSchema } = await import("../app/modules/auth/schemas");
const { createClient } = await import("../app/modules/clients/clients.server");
const { ClientSchema } = await import("../app/modules/clients/schemas");
const { createLink, getLink, revokeLink } = await import("../app/modules/links/links.server");
const { CreateLinkSchema } = await import("../app/modules/links/schemas");
const { openLinkPage, completeLink, declineLink } = await import("../app/modules/links/link-page.server");

const LOGIN = { email: "demo@example.com", password: "demo-password-1234" };
const AGENCY_NAME = "Demo Agency";
// What the client's browser sends: the link page counts an open only from a browser, never from
// a mail filter's link scanner (isbot), so a made-up user agent would leave the link unopened.
const BROWSER = {
  ip: "203.0.113.7",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
};

const old = await db.user.findUnique({ where: { email: LOGIN.email }, include: { memberships: true } });
if (old) {
  await db.agency.deleteMany({ where: { id: { in: old.memberships.map((m) => m.agencyId) } } });
  await db.user.delete({ where: { id: old.id } });
}

const signup = await signUp(
  SignupSchema.parse({
    name: "Dana Demo",
    email: LOGIN.email,
    password: LOGIN.password,
    agencyName: AGENCY_NAME,
    granteeEmail: "analytics@demo-agency.example",
  }),
);
if (!signup.ok) throw new Error(signup.message);
// The demo account's address counts as verified (docs/decisions/046): the demo can invite staff and
// email clients at once, and the queued verification email is not sent (nothing left to verify).
await db.user.update({ where: { id: signup.userId }, data: { emailVerifiedAt: new Date() } });
const agency = await db.agency.findUniqueOrThrow({ where: { slug: signup.agencySlug } });
const actor = { type: "staff" as const, id: signup.userId, label: LOGIN.email };

const client = await createClient(
  agency.id,
  actor,
  ClientSchema.parse({
    name: "Acme Shoes",
    contactName: "Casey Client",
    contactEmail: "casey@acme-shoes.example",
    hotjarOrganizationId: "4455667",
    sites: [
      { hotjarSiteId: "1234567", name: "acme-shoes.example", url: "https://acme-shoes.example" },
      { hotjarSiteId: "2345678", name: "blog.acme-shoes.example", url: "https://blog.acme-shoes.example" },
    ],
  }),
);

async function link(siteIds: string[], now = new Date()) {
  const input = CreateLinkSchema.parse({
    clientId: client.id,
    role: "VIEWER",
    siteMode: "named",
    siteIds,
    granteeEmail: agency.granteeEmail,
    recipientEmail: client.contactEmail,
    reason: "Monthly conversion-rate review of the checkout",
    lifetimeValue: 7,
    lifetimeUnit: "days",
    accessEndsOn: "",
  });
  const result = await createLink(agency.id, actor, input, now);
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  return { id: result.linkId, url: result.url, token: result.url.split("/l/")[1]! };
}

/** A domain call that refused (an unknown token, a closed link) must stop the seed, not pass unseen. */
function check(result: { ok: boolean } | object | null, what: string) {
  if (!result || ("ok" in result && !result.ok)) throw new Error(`seed:demo: ${what} failed: ${JSON.stringify(result)}`);
}

const pending = await link(["1234567"]);
const opened = await link(["1234567"]);
check(await openLinkPage(opened.token, BROWSER), "opening the opened link");
const completed = await link(["1234567", "2345678"]);
check(await openLinkPage(completed.token, BROWSER), "opening the completed link");
check(
  await completeLink(
    completed.token,
    { clientName: "Casey Client", clientEmail: client.contactEmail, siteIds: ["1234567", "2345678"] },
    BROWSER,
  ),
  "completing the completed link",
);
const declined = await link(["2345678"]);
check(await openLinkPage(declined.token, BROWSER), "opening the declined link");
check(await declineLink(declined.token, "We are moving away from Hotjar", BROWSER), "declining the declined link");
// Made 8 days ago with a 7-day lifetime. Its "Ask for a new link" is left for whoever tries the
// demo (and the end-to-end test) to press: it then shows under "New link requested".
const expired = await link(["1234567"], subDays(new Date(), 8));
const revoked = await link(["2345678"]);
await revokeLink(agency.id, revoked.id, actor);

const links = { pending, opened, completed, declined, expired, revoked };
// Each link must be in the state it is printed as, as the dashboard counts it.
const now = new Date();
for (const [state, { id }] of Object.entries(links)) {
  const { effectiveStatus } = await getLink(agency.id, id, now);
  if (effectiveStatus !== state.toUpperCase()) throw new Error(`seed:demo: the ${state} link is ${effectiveStatus}`);
}

const out = {
  login: LOGIN,
  links: Object.fromEntries(Object.entries(links).map(([state, l]) => [state, l.url])),
};
if (process.argv.includes("--json")) {
  console.log(JSON.stringify(out));
} else {
  console.log(`Demo agency ready. Log in at ${env.PUBLIC_URL}/login as ${LOGIN.email} / ${LOGIN.password}`);
  for (const [state, url] of Object.entries(out.links)) console.log(`${state.padEnd(10)} ${url}`);
}
await db.$disconnect();
