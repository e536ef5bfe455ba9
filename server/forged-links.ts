// A link token that is not ours (malformed, forged, signed with a retired key) is refused here,
// before Remix, the rate limiter and the database: an HMAC check costs microseconds, so made-up
// links cost the server next to nothing and write nothing (docs/decisions/024). Expired and
// superseded tokens are authentic: they pass, and the route explains them.
import type express from "express";
import type { SigningKey } from "../app/modules/links/token.server";
import { verifyLinkToken } from "../app/modules/links/token.server";

const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>This link is not valid</title>
</head>
<body>
<main>
<h1>This link is not valid</h1>
<p>Check that you opened the whole link from the message you received.</p>
</main>
</body>
</html>
`;

export function refuseForgedLinkTokens(keys: SigningKey[]): express.RequestHandler {
  return (req, res, next) => {
    const claims = verifyLinkToken(keys, req.params.token ?? "");
    if (claims) {
      // For the kept-page answer next (kept-link-pages.ts): the token is checked once.
      res.locals.linkClaims = claims;
      return next();
    }
    res.status(404).type("html").send(PAGE);
  };
}
