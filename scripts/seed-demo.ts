// `npm run seed:demo -- --json`: a demo agency with one link in every state, against the same
// data/ as `npm start`. Re-runnable: the demo agency and its login are recreated each time.
import { loadEnvOrExit, migrate } from "../server/prepare";

const env = loadEnvOrExit();
await migrate(env.DATABASE_URL);

const { subDays } = await import("date-fns");
const { db } = await import("../app/modules/db/db.server");
const { signUp } = await import("../app/modules/auth/auth.server");
const { createClient } = await import("../app/modules/clients/clients.server");
const { createLink, revokeLink } = await import("../app/modules/links/links.server");
const { openLinkPage, completeLink, declineLink } = await import("../app/modules/links/link-page.server");

const LOGIN = { email: "demo@example.com", password: "demo-password-1234" };
const AGENCY_NAME = "Demo Agency";

const old = await db.user.findUnique({ where: { email: LOGIN.email }, include: { memberships: true } });
if (old) {
  await db.agency.deleteMany({ where: { id: { in: old.memberships.map((m) => m.agencyId) } } });
  await db.user.delete({ where: { id: old.id } });
}

const signup = await signUp({
  name: "Dana Demo",
  email: LOGIN.email,
  password: LOGIN.password,
  agencyName: AGENCY_NAME,
  granteeEmail: "analytics@demo-agency.example",
});
if (!signup.ok) throw new Error(signup.message);
const agency = await db.agency.findUniqueOrThrow({ where: { slug: signup.agencySlug } });
const actor = { type: "staff" as const, id: signup.userId, label: LOGIN.email };

const client = await createClient(agency.id, actor, {
  name: "Acme Shoes",
  contactName: "Casey Client",
  contactEmail: "casey@acme-shoes.example",
  hotjarOrganizationId: "4455667",
  sites: [
    { hotjarSiteId: "1234567", name: "acme-shoes.example", url: "https://acme-shoes.example" },
    { hotjarSiteId: "2345678", name: "blog.acme-shoes.example", url: "https://blog.acme-shoes.example" },
  ],
});

async function link(siteIds: string[], now = new Date()) {
  const result = await createLink(
    agency.id,
    actor,
    {
      clientId: client.id,
      role: "VIEWER",
      siteMode: "named",
      siteIds,
      granteeEmail: agency.granteeEmail,
      recipientEmail: client.contactEmail,
      reason: "Monthly conversion-rate review of the checkout",
      lifetimeValue: 7,
      lifetimeUnit: "days",
      lifetimeHours: 7 * 24,
      accessEndsOn: null,
    },
    now,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  return { id: result.linkId, url: result.url, token: result.url.split("/l/")[1]! };
}

const meta = { ip: "127.0.0.1", userAgent: "seed-demo" };
const pending = await link(["1234567"]);
const opened = await link(["1234567"]);
await openLinkPage(opened.token, meta);
const completed = await link(["1234567", "2345678"]);
await openLinkPage(completed.token, meta);
await completeLink(
  completed.token,
  { clientName: "Casey Client", clientEmail: client.contactEmail, siteIds: ["1234567", "2345678"] },
  meta,
);
const declined = await link(["2345678"]);
await declineLink(declined.token, "We are moving away from Hotjar", meta);
const expired = await link(["1234567"], subDays(new Date(), 8));
const revoked = await link(["2345678"]);
await revokeLink(agency.id, revoked.id, actor);

const out = {
  login: LOGIN,
  links: {
    pending: pending.url,
    opened: opened.url,
    completed: completed.url,
    declined: declined.url,
    expired: expired.url,
    revoked: revoked.url,
  },
};
if (process.argv.includes("--json")) {
  console.log(JSON.stringify(out));
} else {
  console.log(`Demo agency ready. Log in at ${env.PUBLIC_URL}/login as ${LOGIN.email} / ${LOGIN.password}`);
  for (const [state, url] of Object.entries(out.links)) console.log(`${state.padEnd(10)} ${url}`);
}
await db.$disconnect();
