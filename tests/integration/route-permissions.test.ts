// Every staff route (under /a/<agency>/) must call requireAgencyMember in each loader and action
// it exports: a new route without it fails here. Public routes are listed by name, with why.
import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

const ROUTES = path.resolve("app/routes");
const PUBLIC_ROUTES: Record<string, string> = {
  "_index.tsx": "landing page; redirects a signed-in user to their agency",
  "$.tsx": "the 404 page for URLs no route matches",
  "login.tsx": "login form",
  "login_.two-factor.tsx": "login's second step: the signed pending-login cookie names the user (decision 047)",
  "signup.tsx": "sign-up form",
  "logout.tsx": "ends the caller's own session",
  "account.tsx": "the signed-in user's own account (sessions, password): requireSession",
  "account_.two-factor.tsx": "the signed-in user's own two-factor sign-in: requireSession",
  "reauth.tsx": "the signed-in user confirms it's them (decision 048): requireSession",
  "account_.email.tsx": "the signed-in user's own email address: requireSession",
  "forgot-password.tsx": "asks for a reset link: the same answer for any address (decision 046)",
  "reset-password.$token.tsx": "the emailed reset link: the signed, single-use token is the authorization",
  "verify-email.$token.tsx": "the emailed verification link: the signed, single-use token is the authorization",
  "l.$token.tsx": "the client's link page: the signed token is the authorization",
  "invite.$token.tsx": "a staff invitation: the signed token is the authorization",
  "i.$publicId.tsx": "an intake link's public form: anyone with the address, limited per address and per day (decision 055)",
  "brand.$agencyId.logo.ts": "an agency's public logo, shown on its client pages",
  "api.v1.openapi[.json].ts": "the API's OpenAPI document: public, it describes the API and holds no data (decision 052)",
  "docs.api.tsx": "the API reference, read from the OpenAPI document: public, no data (decision 052)",
  "api.v1.clients.ts": "the REST API: the bearer API key is the authorization, through apiCall (decision 049)",
  "api.v1.clients.$clientId.ts": "the REST API: the bearer API key is the authorization, through apiCall (decision 049)",
  "api.v1.clients.$clientId.archive.ts": "the REST API: the bearer API key is the authorization, through apiCall (decision 049)",
  "api.v1.clients.$clientId.restore.ts": "the REST API: the bearer API key is the authorization, through apiCall (decision 049)",
  "api.v1.links.ts": "the REST API: the bearer API key is the authorization, through apiCall (decision 049)",
  "api.v1.links.$linkId.ts": "the REST API: the bearer API key is the authorization, through apiCall (decision 049)",
  "api.v1.links.$linkId.send.ts": "the REST API: the bearer API key is the authorization, through apiCall (decision 049)",
  "api.v1.links.$linkId.revoke.ts": "the REST API: the bearer API key is the authorization, through apiCall (decision 049)",
  "api.v1.links.$linkId.reissue.ts": "the REST API: the bearer API key is the authorization, through apiCall (decision 049)",
  "api.v1.grants.ts": "the REST API: the bearer API key is the authorization, through apiCall (decision 049)",
  "api.v1.grants.$grantId.verify.ts": "the REST API: the bearer API key is the authorization, through apiCall (decision 049)",
  "api.v1.grants.$grantId.revoke.ts": "the REST API: the bearer API key is the authorization, through apiCall (decision 049)",
  "api.v1.events.ts": "the REST API: the bearer API key is the authorization, through apiCall (decision 049)",
};

function exportedHandlers(source: string): ("loader" | "action")[] {
  return (["loader", "action"] as const).filter((name) =>
    new RegExp(`export\\s+(const|async function|function)\\s+${name}\\b`).test(source),
  );
}

/** The body of one exported handler, up to the next top-level export. */
function handlerBody(source: string, name: string): string {
  const start = source.search(new RegExp(`export\\s+(const|async function|function)\\s+${name}\\b`));
  const rest = source.slice(start + 1);
  const next = rest.search(/\nexport\s/);
  return next === -1 ? rest : rest.slice(0, next);
}

const files = fs.readdirSync(ROUTES).filter((f) => /\.(tsx?|jsx?)$/.test(f) && !f.includes(".test."));

describe("route permissions", () => {
  it("finds the route modules", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const file of files) {
    const source = fs.readFileSync(path.join(ROUTES, file), "utf8");
    if (file.startsWith("a.$agency")) {
      for (const handler of exportedHandlers(source)) {
        it(`${file} ${handler} checks agency membership and a permission`, () => {
          expect(handlerBody(source, handler)).toMatch(/requireAgencyMember\(\s*request,\s*params\.agency,\s*"[a-z]+:[a-z]+"\s*\)/);
        });
      }
    } else {
      it(`${file} is a known public route`, () => {
        expect(PUBLIC_ROUTES[file], `${file} is neither under /a/<agency>/ nor listed as public`).toBeDefined();
      });
    }
  }
});
