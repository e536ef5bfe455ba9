import type { LoaderFunctionArgs } from "@remix-run/node";

import { servedDocument } from "~/modules/api/openapi.server";
import { problem } from "~/modules/api/problem.server";
import { getEnv } from "~/modules/env/env.server";

// GET /api/v1/openapi.json: the OpenAPI 3.1 document of /api/v1, public (no key), cached by ETag.
export async function loader({ request }: LoaderFunctionArgs) {
  const { body, etag } = servedDocument(getEnv().PUBLIC_URL);
  const headers = { ETag: etag, "Cache-Control": "public, max-age=0, must-revalidate", Vary: "Accept-Encoding" };
  if (ifNoneMatch(request).includes(etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { ...headers, "Content-Type": "application/json" } });
}

export async function action() {
  return problem(405, "Use GET.", { headers: { Allow: "GET" } });
}

function ifNoneMatch(request: Request): string[] {
  return (request.headers.get("if-none-match") ?? "").split(",").map((tag) => tag.trim().replace(/^W\//, ""));
}
