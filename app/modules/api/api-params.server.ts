import type { LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";

import { notFound } from "~/modules/http/errors";

/**
 * An endpoint's path ids, parsed with the *IdParamsSchema the document shows. A malformed id names
 * no resource, so it is the same 404 problem as an unknown one (and never reaches a query).
 */
export function apiParams<T extends z.ZodTypeAny>(schema: T, params: LoaderFunctionArgs["params"], what: string): z.infer<T> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw notFound(what);
  return parsed.data;
}
