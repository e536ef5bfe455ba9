// What a client does on the link page besides confirming (forward it to the Hotjar admin, say the
// steps look different), done through the domain functions the page calls, against the e2e
// server's database and signing key. Run by tests/e2e/link-language.spec.ts as
//   tsx tests/e2e/client-help.ts <token> '<JSON list of actions>'
// with the server's environment (tests/e2e/env.ts); prints each result as JSON.
import { loadEnvOrExit } from "../../server/prepare";

loadEnvOrExit();
const { forwardLink, reportStepsDifferent } = await import("../../app/modules/links/client-help.server");
const { db } = await import("../../app/modules/db/db.server");

export type ClientHelpAction =
  { forward: { colleagueEmail: string; colleagueName: string | null; fromName: string | null; note: string | null } } | { report: string };

// A browser's request, as the page would record it.
const META = {
  ip: "203.0.113.9",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
};

const [token = "", json = "[]"] = process.argv.slice(2);
const results = [];
for (const action of JSON.parse(json) as ClientHelpAction[]) {
  results.push(
    "forward" in action ? await forwardLink(token, action.forward, META) : await reportStepsDifferent(token, action.report, META),
  );
}
await db.$disconnect();
console.log(JSON.stringify(results));
